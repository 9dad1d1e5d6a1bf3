package org.fieldsync.protocol.oversight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * happened to return them in, and grouped by case so that each case reads only its own (a
 * team of 3,000 cases is then linear, not 3,000 passes over every record). Deleted records,
 * other types, other cases and bodies that do not decode (from a newer peer) are left out.
 */
final class Facts {
  /** One record with its decoded body. */
  record Fact<B extends RecordBody>(String recordId, String caseId, List<String> childIds,
      String hlc, B body) {}

  final List<Fact<Visit>> visits = new ArrayList<>();
  private final Map<String, List<Fact<Visit>>> visitsByCase = new HashMap<>();
  private final Map<String, List<Fact<SupervisionNote>>> notesByCase = new HashMap<>();
  private final Map<String, List<Fact<FnspRequest>>> requestsByCase = new HashMap<>();

  private Facts() {}

  /** The visits of one case, in (HLC, id) order. */
  List<Fact<Visit>> visits(String caseId) {
    return visitsByCase.getOrDefault(caseId, List.of());
  }

  /** The supervision notes of one case, in (HLC, id) order. */
  List<Fact<SupervisionNote>> notes(String caseId) {
    return notesByCase.getOrDefault(caseId, List.of());
  }

  /** The FNSP requests of one case, in (HLC, id) order. */
  List<Fact<FnspRequest>> requests(String caseId) {
    return requestsByCase.getOrDefault(caseId, List.of());
  }

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
        add(f.visitsByCase, r, Visit.class).ifPresent(f.visits::add);
      } else if (type == RecordType.SUPERVISION_NOTE) {
        add(f.notesByCase, r, SupervisionNote.class);
      } else if (type == RecordType.FNSP_REQUEST) {
        add(f.requestsByCase, r, FnspRequest.class);
      }
    }
    return f;
  }

  private static <B extends RecordBody> Optional<Fact<B>> add(Map<String, List<Fact<B>>> to,
      Revision r, Class<B> type) {
    Fact<B> fact;
    try {
      fact = new Fact<>(r.id(), r.caseId(), r.childIds(), r.hlc(),
          ProtocolCodec.decodeBody(r.body(), type));
    } catch (ProtocolException e) {
      // A body this version cannot read says nothing it can count; the record itself is kept
      // wherever it is stored, and a newer version will count it.
      return Optional.empty();
    }
    to.computeIfAbsent(r.caseId(), k -> new ArrayList<>()).add(fact);
    return Optional.of(fact);
  }
}
