package org.fieldsync.server.testing;

import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.Visit;

/** Valid wire revisions with fictional content, for protocol-level tests and benchmarks. */
public final class Revs {
  private Revs() {}

  public static Visit visit(List<String> kids, String notes) {
    return new Visit(LocalDate.of(2026, 11, 20), null, 30, Visit.Mode.HOME_VISIT,
        Visit.Kind.FAMILY_HELP, true,
        kids.stream().map(k -> new Visit.ChildSeen(k, true, false)).toList(), List.of(),
        null, null, null, notes, null);
  }

  /** A first revision of a new visit. */
  public static Revision newVisit(String caseId, List<String> kids, String author, String device,
      long clock, String notes) {
    return Revisions.next(UuidV7.generate(), RecordType.VISIT, caseId, kids, null, false, 1,
        author, device, new Hlc(clock, 0, device), ProtocolCodec.encodeBody(visit(kids, notes)));
  }

  /** The next revision of {@code parent} with new notes. */
  public static Revision edit(Revision parent, String author, String device, long clock,
      String notes) {
    return Revisions.next(parent.id(), RecordType.VISIT, parent.caseId(), parent.childIds(),
        parent.rev(), false, 1, author, device, new Hlc(clock, 0, device),
        ProtocolCodec.encodeBody(visit(parent.childIds(), notes)));
  }

  /** A first revision of a new family network meeting (with goal g1). */
  public static Revision newMeeting(String caseId, String author, String device, long clock) {
    var m = new FamilyMeeting(
        FamilyMeeting.Kind.FNM, LocalDate.of(2026, 11, 18),
        new FamilyMeeting.Facilitator("Ruth Carbery",
            "Independent FGC service", false), List.of("Nan"),
        List.of(new FamilyMeeting.Goal("g1",
            "Nan can collect the children twice a week")), "Network agreed to help.");
    return Revisions.next(UuidV7.generate(), RecordType.FAMILY_MEETING, caseId, List.of(), null,
        false, 1, author, device, new Hlc(clock, 0, device), ProtocolCodec.encodeBody(m));
  }

  /** An FNSP request body for {@code amountPence}, in {@code status}, from {@code meetingId}. */
  public static FnspRequest fnsp(String meetingId,
      long amountPence, FnspRequest.Status status) {
    return new FnspRequest(meetingId, "g1",
        "Bus pass so Nan can visit", FnspRequest.Category.TRANSPORT,
        amountPence, "Nan", "Dorset Community Transport", status, null, null, null);
  }

  /** A first revision of a new FNSP request. */
  public static Revision newFnsp(String caseId, String meetingId, long amountPence,
      String author, String device, long clock) {
    return Revisions.next(UuidV7.generate(), RecordType.FNSP_REQUEST, caseId, List.of(), null,
        false, 1, author, device, new Hlc(clock, 0, device), ProtocolCodec.encodeBody(fnsp(
            meetingId, amountPence,
            FnspRequest.Status.SUBMITTED)));
  }

  /** The next revision of {@code parent} with a new body (any type). */
  public static Revision editBody(Revision parent, String author, String device, long clock,
      String canonicalBody) {
    return Revisions.next(parent.id(), RecordType.fromWire(parent.type()).orElseThrow(),
        parent.caseId(), parent.childIds(), parent.rev(), false, 1, author, device,
        new Hlc(clock, 0, device), canonicalBody);
  }
}
