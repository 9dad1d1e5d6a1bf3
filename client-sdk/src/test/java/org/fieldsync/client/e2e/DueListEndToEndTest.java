package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.records.RecordBodies;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.oversight.DueItem;
import org.fieldsync.protocol.oversight.DueKind;
import org.fieldsync.protocol.oversight.DueList;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The due lists are the same on the tablet, offline, and on the server, for the same data: a real
 * server and real tablets (Couchbase Lite in temp folders), both told the same "today" by an
 * injected clock. Alice records with the server stopped and reads her list offline; after a sync
 * the server's list for her is the same, item by item and field by field, and so is Bea's, on a
 * tablet that only pulled the records.
 */
class DueListEndToEndTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  /** A week from now, so the tablets' own clocks (HLC, leases) stay in their real range. */
  private final LocalDate today = LocalDate.now(LONDON).plusDays(7);
  private final Clock clock = Clock.fixed(today.atTime(9, 0).atZone(LONDON).toInstant(), LONDON);

  @TempDir Path tmp;
  private TestServer server;
  private RawClient raw;

  @BeforeEach
  void startServer() {
    server = TestServer.start(tmp.resolve("server"), ServerConfig.defaults(), clock);
    raw = new RawClient(server.baseUrl());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void theTabletsListOfflineIsTheServersListAfterASync() {
    try (FieldSync alice = tablet("fw.alice", "a"); FieldSync bea = tablet("fw.bea", "b")) {
      alice.syncNow(); // the caseload, as on any tablet's first day
      server.stop(); // everything below is recorded, and the list read, with no server
      record(alice);
      List<DueItem> offline = alice.due();
      assertEquals(List.of(
          "child-0002: not seen alone since CP work began on " + today.minusDays(60)
              + " (60 days ago), overdue by 32 days",
          "case-0001: no CP group supervision for 30 days, overdue by 2 days",
          "child-0001: not seen alone for 29 days, overdue by 1 day",
          "child-0003: not seen for 40 days, due in 2 days"),
          offline.stream().filter(i -> i.kind() == DueKind.VISIT
              || i.kind() == DueKind.GROUP_CP).map(DueItem::reason).toList());
      DueItem rhi = only(offline, DueKind.RETURN_HOME_INTERVIEW);
      assertTrue(rhi.reason().endsWith("(within 72 hours), 12 hours left"), rhi.reason());
      assertFalse(rhi.overdue());
      only(offline, DueKind.FNSP_DECISION);

      assertEquals("team-dw", rhi.teamId(), "from the caseload kept on the tablet");
      assertEquals("West", rhi.locality());

      server.start();
      assertEquals(0, alice.syncNow().rejected());
      assertEquals(offline, alice.due(), "syncing changed nothing on the tablet's list");
      assertEquals(json(offline), json(serverList("fw.alice")));

      bea.syncNow();
      List<DueItem> beas = bea.due();
      assertEquals(json(beas), json(serverList("fw.bea")));
      assertEquals(List.of("case-0001"), beas.stream().map(DueItem::caseId).distinct().toList(),
          "Bea holds case-0001 only");
      assertTrue(beas.size() >= 4, beas.toString());
    }
  }

  @Test
  void beforeItsFirstSyncATabletCountsTheCasesItsRecordsNameAndLockedItShowsNothing() {
    try (FieldSync alice = tablet("fw.alice", "a")) {
      record(alice);
      List<DueItem> due = alice.due();
      assertEquals(List.of("case-0001", "case-0002"), due.stream().map(DueItem::caseId)
          .distinct().sorted().toList());
      assertTrue(due.stream().allMatch(i -> i.teamId() == null && i.locality() == null),
          "no caseload yet: no team, no locality");
    }
    try (FieldSync locked = FieldSync.builder().serverUrl(server.baseUrl())
        .dataDir(tmp.resolve("a")).credentials(() -> null).clock(clock).build()) {
      FieldSyncException e = assertThrows(FieldSyncException.class, locked::due);
      assertEquals(SdkErrorCodes.VAULT_LOCKED, e.code());
    }
  }

  /** Alice's week, in fictional records: CP visits, a child in care, a return, an FNSP. */
  private void record(FieldSync alice) {
    List<String> kids = List.of("child-0001", "child-0002");
    alice.visits().create("case-0001", kids, RecordBodies.visit().date(today.minusDays(60))
        .mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CP).childSeenAlone("child-0001")
        .childSeen("child-0002").build());
    alice.visits().create("case-0001", kids, RecordBodies.visit().date(today.minusDays(29))
        .mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CP).childSeenAlone("child-0001")
        .childSeen("child-0002").notes("Seen at home; M.P. would not talk without Mum.")
        .build());
    alice.supervisionNotes().create("case-0001", kids, new SupervisionNote(
        SupervisionNote.Kind.GROUP_CP, today.minusDays(30), "u-erin", List.of(
            new SupervisionNote.Attendee("Erin Tregear", "team manager", "Dorset Council")),
        "Risk reducing.", "Continue the plan.", List.of(), null, null));
    alice.visits().create("case-0002", List.of("child-0003"), RecordBodies.visit()
        .date(today.minusDays(40)).mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CHILD_IN_CARE)
        .childSeen("child-0003").build());
    Instant back = clock.instant().minus(Duration.ofHours(60));
    alice.visits().create("case-0002", List.of("child-0003"), RecordBodies.visit()
        .date(today.minusDays(2)).mode(Visit.Mode.PHONE).kind(Visit.Kind.CHILD_IN_CARE)
        .childNotSeen("child-0003").returned("child-0003", back)
        .notes("Police: R.K. home after being missing overnight.").build());
    String meeting = alice.familyMeetings().create("case-0001", List.of(), Fixtures.meeting())
        .id();
    alice.fnspRequests().create("case-0001", List.of(), Fixtures.fnsp(meeting));
  }

  /** A demo user's tablet, enrolled, telling the time by the test's clock. */
  private FieldSync tablet(String user, String folder) {
    FieldSync fs = Fixtures.builder(server.baseUrl(), tmp.resolve(folder), user).clock(clock)
        .build();
    fs.enrol(Fixtures.enrolmentCode(server.baseUrl(), user), "Tablet of " + user);
    return fs;
  }

  private List<DueItem> serverList(String user) {
    return raw.get("api/v1/oversight/due", raw.token(user), DueList.class).items();
  }

  /** Each item as the wire has it, every field, for a comparison that shows the difference. */
  private static List<String> json(List<DueItem> items) {
    return items.stream().map(ProtocolCodec::encodeToString).toList();
  }

  private static DueItem only(List<DueItem> items, DueKind kind) {
    List<DueItem> of = items.stream().filter(i -> i.kind() == kind).toList();
    assertEquals(1, of.size(), items.toString());
    return of.get(0);
  }
}
