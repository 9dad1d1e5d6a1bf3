package org.fieldsync.protocol.oversight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * The records oversight reads, decoded once: the visits, supervision notes and FNSP requests of
 * the cases in hand, in (HLC, id) order so that the result never depends on the order a store
 * happened to return them in. Deleted records, other types, other cases and bodies that do not
 * decode (from a newer peer) are left out.
 */
final class Facts {
  /** One record with its decoded body. */
  record Fact<B extends RecordBody>(String recordId, String caseId, List<String> childIds,
      String hlc, B body) {}

  final List<Fact<Visit>> visits = new ArrayList<>();
  final List<Fact<SupervisionNote>> notes = new ArrayList<>();
  final List<Fact<FnspRequest>> requests = new ArrayList<>();

  private Facts() {}

  static Facts of(List<Revision> records, Set<String> caseIds) {
    Facts f = new Facts();
    List<Revision> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing(Revision::hlc, Comparator.nullsFirst(String::compareTo))
        .thenComparing(Revision::id, Comparator.nullsFirst(String::compareTo)));
    for (Revision r : sorted) {
      if (r.deleted() || r.caseId() == null || !caseIds.contains(r.caseId())) {
        continue;
      }
      RecordType type = RecordType.fromWire(r.type()).orElse(null);
      if (type == RecordType.VISIT) {
        add(f.visits, r, Visit.class);
      } else if (type == RecordType.SUPERVISION_NOTE) {
        add(f.notes, r, SupervisionNote.class);
      } else if (type == RecordType.FNSP_REQUEST) {
        add(f.requests, r, FnspRequest.class);
      }
    }
    return f;
  }

  private static <B extends RecordBody> void add(List<Fact<B>> to, Revision r, Class<B> type) {
    try {
      to.add(new Fact<>(r.id(), r.caseId(), r.childIds(), r.hlc(),
          ProtocolCodec.decodeBody(r.body(), type)));
    } catch (ProtocolException e) {
      // A body this version cannot read says nothing it can count; the record itself is kept
      // wherever it is stored, and a newer version will count it.
      return;
    }
  }
}
