package org.fieldsync.client.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncBuilder;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/** Fictional records and devices for the end-to-end tests. Every name here is invented. */
final class Fixtures {
  static final String PASSWORD = "demo-password-1";
  static final String PIN = "2468";

  private Fixtures() {}

  /** A tablet for a demo user, enrolled the real way: a sync admin's code, then enrol. */
  static FieldSync device(String serverUrl, Path dir, String username) {
    return device(serverUrl, dir, username, "Tablet of " + username);
  }

  /** A tablet enrolled under a name admins see, such as "Tablet 22". */
  static FieldSync device(String serverUrl, Path dir, String username, String name) {
    FieldSync fs = unenrolled(serverUrl, dir, username);
    if (!fs.enrolled()) {
      fs.enrol(enrolmentCode(serverUrl, username), name);
    }
    return fs;
  }

  /** A tablet that has not enrolled (it cannot sync until it does). */
  static FieldSync unenrolled(String serverUrl, Path dir, String username) {
    return builder(serverUrl, dir, username).build();
  }

  /** The builder of a demo user's tablet, for a test to adjust (a clock, a transport). */
  static FieldSyncBuilder builder(String serverUrl, Path dir, String username) {
    return FieldSync.builder()
        .serverUrl(serverUrl)
        .dataDir(dir)
        .credentials(() -> new Credentials(username, PASSWORD))
        .pin(PIN.toCharArray()).pinCost(1024, 1) // a cheap Argon2id for tests
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20));
  }

  /** A one-time code a sync admin issues for a demo user, named by user name. */
  static String enrolmentCode(String serverUrl, String username) {
    RawClient admin = new RawClient(serverUrl);
    RawClient.Response r = admin.send("POST", "api/v1/admin/enrolment-codes",
        admin.token("admin.gus"), "{\"username\":\"" + username + "\"}");
    if (r.status() != 201) {
      throw new AssertionError("no enrolment code: " + r.body());
    }
    return ProtocolCodec.readTree(r.body()).get("code").asText();
  }

  static Visit visit(List<String> children, String notes) {
    return new Visit(LocalDate.of(2026, 11, 20), LocalTime.of(10, 30), 45, Visit.Mode.HOME_VISIT,
        Visit.Kind.CIN, true,
        children.stream().map(c -> new Visit.ChildSeen(c, true, true)).toList(),
        List.of("Mother (Ms Tamsin Pellow)"), "Warm, tidy, food in the fridge.",
        "Good engagement; routines improving.", "Worker to chase school nurse.", notes,
        LocalDate.of(2026, 12, 4));
  }

  static ChildVoiceObservation childVoice(String childId) {
    return new ChildVoiceObservation(childId, LocalDate.of(2026, 11, 20),
        "I like it when Nan picks me up from school.",
        "Drew a house with three windows and a dog; smiled when talking about Nan.",
        ChildVoiceObservation.Method.THREE_HOUSES, false, null, null, false,
        ChildVoiceObservation.Status.SUBMITTED, List.of(), List.of());
  }

  static FamilyMeeting meeting() {
    return new FamilyMeeting(FamilyMeeting.Kind.FNM, LocalDate.of(2026, 11, 18),
        new FamilyMeeting.Facilitator("Ruth Carbery", "Independent FGC service", false),
        List.of("Nan", "Uncle Jory"),
        List.of(new FamilyMeeting.Goal("g1", "Nan can collect the children twice a week")),
        "Network agreed to help with school runs.");
  }

  static FnspRequest fnsp(String meetingId) {
    return new FnspRequest(meetingId, "g1", "Bus pass so Nan can visit",
        FnspRequest.Category.TRANSPORT, 4_500L, "Nan", "Dorset Community Transport",
        FnspRequest.Status.SUBMITTED, null, null, null);
  }

  static SupervisionNote supervision(String ledBy) {
    return new SupervisionNote(SupervisionNote.Kind.CASE_FAMILY_HELP, LocalDate.of(2026, 11, 19),
        ledBy, List.of(
            new SupervisionNote.Attendee("Erin Tregear", "team manager", "Dorset Council"),
            new SupervisionNote.Attendee("Alice Penrose", "family worker", "Dorset Council")),
        "Progress on routines.", "Continue plan; review in 8 weeks.",
        List.of(new SupervisionNote.Action("Book FNM review", "Alice Penrose",
            LocalDate.of(2026, 12, 10))), null, null);
  }

  /**
   * Alice and Bea change a new visit's mode offline (school, phone): a conflict on {@code mode},
   * pushed by both and pulled by Alice. Returns the record id.
   */
  static String modeConflict(FieldSync alice, FieldSync bea) {
    Visit v = visit(ServerBackedTest.KIDS, "Visit notes.");
    String id = alice.visits().create(ServerBackedTest.CASE, ServerBackedTest.KIDS, v).id();
    alice.syncNow();
    bea.syncNow();
    alice.visits().update(id, withMode(v, Visit.Mode.SCHOOL));
    bea.visits().update(id, withMode(v, Visit.Mode.PHONE));
    alice.syncNow();
    if (bea.syncNow().conflicts() != 1) {
      throw new AssertionError("expected Bea's push to conflict");
    }
    alice.syncNow();
    return id;
  }

  /**
   * The first device records a visit and every device syncs it; then each device edits it
   * offline with its own edit and pushes in turn: one conflict with a side per device whose edit
   * could not merge. Every device pulls at the end. Returns the record id.
   */
  @SafeVarargs
  static String conflict(List<FieldSync> devices, UnaryOperator<Visit>... edits) {
    Visit v = visit(ServerBackedTest.KIDS, "Visit notes.");
    String id = devices.get(0).visits().create(ServerBackedTest.CASE, ServerBackedTest.KIDS, v)
        .id();
    devices.forEach(FieldSync::syncNow);
    for (int i = 0; i < devices.size(); i++) {
      devices.get(i).visits().update(id, edits[i].apply(v));
    }
    int conflicts = 0;
    for (FieldSync d : devices) {
      conflicts += d.syncNow().conflicts();
    }
    if (conflicts == 0) {
      throw new AssertionError("expected the edits to conflict");
    }
    devices.forEach(FieldSync::syncNow);
    return id;
  }

  static Visit withNextVisit(Visit v, LocalDate next) {
    return new Visit(v.date(), v.startTime(), v.durationMinutes(), v.mode(), v.kind(),
        v.planned(), v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(),
        v.actionsAgreed(), v.notes(), next);
  }

  static Visit withMode(Visit v, Visit.Mode mode) {
    return new Visit(v.date(), v.startTime(), v.durationMinutes(), mode, v.kind(), v.planned(),
        v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(), v.actionsAgreed(),
        v.notes(), v.nextVisitDate());
  }

  static Visit withNotes(Visit v, String notes) {
    return new Visit(v.date(), v.startTime(), v.durationMinutes(), v.mode(), v.kind(),
        v.planned(), v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(),
        v.actionsAgreed(), notes, v.nextVisitDate());
  }

  /** Every regular file under {@code dir}, read as bytes (ISO-8859-1), for plaintext scans. */
  static String allFiles(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        b.append(new String(Files.readAllBytes(f),
            StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return b.toString();
  }

  /** Waits for a condition with a bound; no sleeps in assertions. */
  static void await(String what, Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
