package org.fieldsync.client.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.oversight.DueItem;
import org.fieldsync.protocol.oversight.Oversight;
import org.fieldsync.protocol.oversight.OversightCase;

/**
 * The worker's due and overdue list, from what is on this tablet: the same function the server
 * runs ({@link Oversight#caseload}), over the records the tablet holds and "today" from the SDK's
 * clock. Offline by construction: it reads the local store only.
 *
 * <p>The cases come from the records themselves (each case a record names, with the children the
 * records name), because the tablet does not yet keep the server's caseload. That is the one
 * seam to change when it does ({@link #cases}): the caseload adds each case's team and locality
 * and its children without records, which change no item but fill in {@code teamId} and {@code
 * locality}.
 */
final class TabletDue {
  /** The types oversight reads; the rest need not be decrypted. */
  private static final List<RecordType> READ = List.of(RecordType.VISIT,
      RecordType.SUPERVISION_NOTE, RecordType.FNSP_REQUEST);

  private final LocalStore store;
  private final Oversight oversight;
  private final Clock clock;

  TabletDue(LocalStore store, Oversight oversight, Clock clock) {
    this.store = store;
    this.oversight = oversight;
    this.clock = clock;
  }

  List<DueItem> due() {
    List<Revision> records = new ArrayList<>();
    for (RecordType t : READ) {
      for (StoredRecord s : store.byType(t.wireName())) {
        records.add(new Revision(s.recordId(), s.type(), s.caseId(), s.childIds(), s.rev(), null,
            s.deleted(), s.schemaVersion(), s.authorId(), s.deviceId(), s.hlc(), s.body()));
      }
    }
    return oversight.caseload(clock.instant(), cases(records), records);
  }

  /** The cases the records name, each with the children its records name, in case-id order. */
  static List<OversightCase> cases(List<Revision> records) {
    Map<String, Set<String>> children = new TreeMap<>();
    for (Revision r : records) {
      if (r.caseId() != null && !r.deleted()) {
        children.computeIfAbsent(r.caseId(), k -> new LinkedHashSet<>()).addAll(r.childIds());
      }
    }
    List<OversightCase> out = new ArrayList<>();
    children.forEach((caseId, kids) -> out.add(new OversightCase(caseId, null, null,
        kids.stream().map(OversightCase.Child::fromVisits).toList())));
    return out;
  }
}
