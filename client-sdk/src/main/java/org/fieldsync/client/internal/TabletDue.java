package org.fieldsync.client.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fieldsync.client.Caseload;
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
 * <p>The cases are the caseload the tablet keeps from its last sync (with each case's team,
 * locality and children), exactly the cases the server counts for the worker. Before the first
 * sync there is none, and the cases are those the records name, with the children they name:
 * the same items, without a team or locality. A record of a case the caseload no longer lists (an
 * unpushed change to a case moved away) is not counted, as the server does not count it.
 */
final class TabletDue {
  /** The types oversight reads; the rest need not be decrypted. */
  private static final List<RecordType> READ = List.of(RecordType.VISIT,
      RecordType.SUPERVISION_NOTE, RecordType.FNSP_REQUEST);

  private final LocalStore store;
  private final CaseloadCache caseload;
  private final Oversight oversight;
  private final Clock clock;

  TabletDue(LocalStore store, CaseloadCache caseload, Oversight oversight, Clock clock) {
    this.store = store;
    this.caseload = caseload;
    this.oversight = oversight;
    this.clock = clock;
  }

  List<DueItem> due() {
    List<Revision> records = new ArrayList<>();
    for (RecordType t : READ) {
      for (StoredRecord s : store.byType(t.wireName())) {
        records.add(new Revision(s.recordId(), s.type(), s.caseId(), s.childIds(), s.rev(),
            s.parentRev(), s.deleted(), s.schemaVersion(), s.authorId(), s.deviceId(), s.hlc(),
            s.body()));
      }
    }
    Caseload held = caseload.current();
    List<OversightCase> cases = held.refreshedAt() == null ? fromRecords(records)
        : held.cases().stream().map(c -> new OversightCase(c.caseId(), c.teamId(), c.locality(),
            c.children().stream().map(k -> OversightCase.Child.fromVisits(k.childId()))
                .toList())).toList();
    return oversight.caseload(clock.instant(), cases, records);
  }

  /** The cases the records name, each with the children its records name, in case-id order. */
  private static List<OversightCase> fromRecords(List<Revision> records) {
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
