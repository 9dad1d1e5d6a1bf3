package org.fieldsync.protocol.oversight;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.records.builders.VisitBuilder;

/**
 * Fictional cases and their records, written as a worker would record them, for the oversight
 * tests: "today" is fixed, and every record is stamped (HLC) at ten in the morning of its day.
 * case-0001 (team-dw, Dorchester) has child-0001 and child-0002; case-0002 (team-dw, West) has
 * child-0003; case-0003 (team-north, North) has child-0004.
 */
final class Casebook {
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  /** Monday 30 November 2026, 09:00 in Dorset. */
  static final Instant NOW = LocalDate.of(2026, 11, 30).atTime(9, 0).atZone(LONDON).toInstant();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

  static final List<OversightCase> CASES = List.of(
      new OversightCase("case-0001", "team-dw", "Dorchester", List.of(
          OversightCase.Child.fromVisits("child-0001"),
          OversightCase.Child.fromVisits("child-0002"))),
      new OversightCase("case-0002", "team-dw", "West", List.of(
          OversightCase.Child.fromVisits("child-0003"))),
      new OversightCase("case-0003", "team-north", "North", List.of(
          OversightCase.Child.fromVisits("child-0004"))));

  final List<Revision> records = new ArrayList<>();

  /** A visit {@code daysAgo} days before today, in {@code mode}, of {@code kind}. */
  Revision visit(String caseId, int daysAgo, Visit.Kind kind, Visit.Mode mode,
      UnaryOperator<VisitBuilder> children) {
    LocalDate day = TODAY.minusDays(daysAgo);
    Visit v = children.apply(VisitBuilder.create().date(day).mode(mode).kind(kind)).build();
    List<String> kids = v.childrenSeen().stream().map(Visit.ChildSeen::childId).toList();
    return add(RecordType.VISIT, caseId, kids, day, v);
  }

  /** A home visit {@code daysAgo} days before today. */
  Revision homeVisit(String caseId, int daysAgo, Visit.Kind kind,
      UnaryOperator<VisitBuilder> children) {
    return visit(caseId, daysAgo, kind, Visit.Mode.HOME_VISIT, children);
  }

  /** A supervision note of {@code kind} held {@code daysAgo} days before today. */
  Revision supervision(String caseId, int daysAgo, SupervisionNote.Kind kind) {
    LocalDate day = TODAY.minusDays(daysAgo);
    SupervisionNote n = new SupervisionNote(kind, day, "u-erin", List.of(
        new SupervisionNote.Attendee("Erin Tregear", "team manager", "Dorset Council")),
        "Discussed.", "Continue the plan.", List.of(), null, null);
    return add(RecordType.SUPERVISION_NOTE, caseId, List.of(), day, n);
  }

  /** An FNSP request in {@code status}, its current revision made on {@code day}. */
  Revision fnsp(String caseId, LocalDate day, FnspRequest.Status status) {
    FnspRequest r = new FnspRequest("0193a4f2-6c1e-7b3a-9d2e-000000000003", "g1",
        "Bus pass so Nan can collect the children", FnspRequest.Category.TRANSPORT, 4_500L,
        "Nan", "Dorset Community Transport", status, null, null, null);
    return add(RecordType.FNSP_REQUEST, caseId, List.of(), day, r);
  }

  Revision add(RecordType type, String caseId, List<String> kids, LocalDate day,
      RecordBody body) {
    long millis = day.atTime(LocalTime.of(10, 0)).atZone(LONDON).toInstant().toEpochMilli();
    Revision r = Revisions.next(UuidV7.generate(millis), type, caseId, kids, null, false, 1,
        "u-alice", "tablet-alice", new Hlc(millis, records.size(), "tablet-alice"),
        ProtocolCodec.encodeBody(body));
    records.add(r);
    return r;
  }

  /** A tombstone for {@code r}. */
  void delete(Revision r) {
    records.remove(r);
    records.add(Revisions.next(r.id(), RecordType.fromWire(r.type()).orElseThrow(), r.caseId(),
        r.childIds(), r.rev(), true, 1, r.authorId(), r.deviceId(),
        new Hlc(Hlc.parse(r.hlc()).wallMillis() + 1, 0, r.deviceId()), r.body()));
  }

  /** The caseload list with the default rules, today. */
  List<DueItem> due() {
    return Oversight.defaults().caseload(NOW, CASES, records);
  }

  /** The team list with the default rules, today. */
  List<DueItem> teamDue() {
    return Oversight.defaults().teams(NOW, CASES, records);
  }

  /** The reasons of the items of one kind. */
  static List<String> reasons(List<DueItem> items, DueKind kind) {
    return items.stream().filter(i -> i.kind() == kind).map(DueItem::reason).toList();
  }
}
