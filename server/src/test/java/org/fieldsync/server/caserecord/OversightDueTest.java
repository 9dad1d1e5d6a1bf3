package org.fieldsync.server.caserecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.records.builders.VisitBuilder;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/oversight/due} on a real server whose "today" is Wednesday 9 December 2026:
 * a worker's caseload list, a team manager's team list with the team's line of sight, the
 * filters, restricted records, and rules from a configuration file.
 */
class OversightDueTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-12-09T09:00:00Z"),
      ZoneOffset.UTC);
  private static final List<String> ALICE_SEES = List.of(
      "child-0001: not seen alone for 34 days, overdue by 6 days",
      "child-0002: not seen alone since CP work began on 2026-11-05 (34 days ago), overdue by 6"
          + " days",
      "case-0001: no CP group supervision since CP work began on 2026-11-05 (34 days ago),"
          + " overdue by 6 days",
      "case-0001: FNSP request (transport, £45.00) submitted 2026-12-01, waiting 6 working days"
          + " for a decision, overdue by 1 working day",
      "child-0003: not seen for 40 days, due in 2 days");
  private static final String LINE_OF_SIGHT =
      "team-dw: no line-of-sight meeting for 14 days, overdue by 7 days";

  @TempDir Path tmp;
  private TestServer server;
  private TestDevice alice;
  private Revision cpVisit;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(ServerConfig config) throws Exception {
    server = TestServer.start(tmp.resolve("data"), config, WEDNESDAY);
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    cpVisit = push(visit("case-0001", LocalDate.of(2026, 11, 5), Visit.Kind.CP,
        v -> v.childSeenAlone("child-0001").childSeen("child-0002")));
    push(visit("case-0002", LocalDate.of(2026, 10, 30), Visit.Kind.CHILD_IN_CARE,
        v -> v.childSeen("child-0003")));
    push(record(RecordType.SUPERVISION_NOTE, "case-0002", List.of(), LocalDate.of(2026, 11, 25),
        new SupervisionNote(SupervisionNote.Kind.LINE_OF_SIGHT, LocalDate.of(2026, 11, 25),
            "u-erin", List.of(new SupervisionNote.Attendee("Erin Tregear", "team manager",
                "Dorset Council")), null, null, List.of(), null, null)));
    Revision meeting = push(Revs.newMeeting("case-0001", "u-alice", "alice-tablet",
        millis(LocalDate.of(2026, 11, 18))));
    push(Revs.newFnsp("case-0001", meeting.id(), 4_500, "u-alice", "alice-tablet",
        millis(LocalDate.of(2026, 12, 1))));
  }

  @Test
  void aWorkerSeesTheirCaseloadAndAManagerTheirTeamWithItsLineOfSight() throws Exception {
    start(ServerConfig.defaults());
    JsonNode mine = due("fw.alice", "");
    assertEquals("2026-12-09", mine.get("today").asText());
    assertEquals(ALICE_SEES, reasons(mine));
    List<String> team = new ArrayList<>(ALICE_SEES);
    team.add(0, LINE_OF_SIGHT);
    assertEquals(team, reasons(due("tm.erin", "")), "earliest due first: 2 December");
    assertEquals(ALICE_SEES.subList(0, 4), reasons(due("sw.dan", "")), "case-0001 only");
    assertEquals(List.of(), reasons(due("fw.carl", "")), "another team's worker sees none");
    JsonNode first = mine.get("items").get(0);
    assertEquals("visit", first.get("kind").asText());
    assertEquals("team-dw", first.get("teamId").asText());
    assertEquals("Dorchester", first.get("locality").asText());
    assertEquals(cpVisit.id(), first.get("recordId").asText());
    assertTrue(first.get("overdue").asBoolean());
  }

  @Test
  void filtersNarrowTheTeamListByKindLocalityOverdueAndTeam() throws Exception {
    start(ServerConfig.defaults());
    assertEquals(List.of(LINE_OF_SIGHT), reasons(due("tm.erin", "?kind=line_of_sight")));
    assertEquals(List.of(ALICE_SEES.get(4)), reasons(due("tm.erin", "?overdue=false")));
    assertEquals(List.of(ALICE_SEES.get(4)), reasons(due("tm.erin", "?locality=West")));
    assertEquals(List.of(ALICE_SEES.get(3)), reasons(due("tm.erin",
        "?kind=fnsp_decision&overdue=true&team=team-dw&locality=Dorchester")));
    assertProblem(get("tm.erin", "?team=team-north"), 403, "scope.team.forbidden");
    assertProblem(get("tm.erin", "?kind=pony"), 400, "request.param.invalid");
    assertProblem(get("tm.erin", "?overdue=maybe"), 400, "request.param.invalid");
    assertProblem(get("tm.erin", "?locality=" + "x".repeat(101)), 400,
        "request.param.invalid");
    assertProblem(get("admin.gus", ""), 403, "scope.role.forbidden");
    assertProblem(get("au.iris", ""), 403, "scope.role.forbidden");
  }

  @Test
  void aVisitRestrictedToNamedWorkersCountsOnlyInTheirLists() throws Exception {
    start(ServerConfig.defaults());
    RawHttp.Response r = RawHttp.send(server.port(), "PUT", "/api/v1/records/" + cpVisit.id()
        + "/restriction", Map.of("Authorization", "Bearer " + token("tm.erin"),
            "Content-Type", "application/json"),
        "{\"category\":\"domestic_abuse\",\"users\":[\"u-alice\"]}");
    assertEquals(200, r.status(), r.body());
    assertEquals(ALICE_SEES, reasons(due("fw.alice", "")));
    assertEquals(List.of(ALICE_SEES.get(3)), reasons(due("fw.bea", "")),
        "Bea's tablet does not hold the visit, so neither does her list: nothing of it leaks");
  }

  @Test
  void theRulesComeFromTheConfiguredFile() throws Exception {
    Path rules = tmp.resolve("oversight.json");
    Files.writeString(rules, "{\"visits\": [{\"kind\": \"child_in_care\", \"everyDays\": 30,"
        + " \"seenAlone\": false}], \"fnspDecision\": {\"withinWorkingDays\": 10}}");
    start(ServerConfig.defaults().with(b -> b.oversightRules(rules.toString())));
    assertEquals(List.of(
        "child-0003: not seen for 40 days, overdue by 10 days",
        "case-0001: no CP group supervision since CP work began on 2026-11-05 (34 days ago),"
            + " overdue by 6 days",
        "case-0001: FNSP request (transport, £45.00) submitted 2026-12-01, waiting 6 working"
            + " days for a decision, due in 4 working days"), reasons(due("fw.alice", "")));
  }

  @Test
  void workingDaysSkipTheBankHolidaysOfTheConfiguredFile() throws Exception {
    Path holidays = tmp.resolve("bank-holidays.json");
    Files.writeString(holidays, "{\"england-and-wales\": {\"division\": \"england-and-wales\","
        + " \"events\": [{\"title\": \"A fictional one-off\", \"date\": \"2026-12-07\","
        + " \"notes\": \"\", \"bunting\": true}]}}");
    start(ServerConfig.defaults().with(b -> b.bankHolidays(holidays.toString())));
    assertEquals(List.of("case-0001: FNSP request (transport, £45.00) submitted 2026-12-01,"
        + " waiting 5 working days for a decision, due today"),
        reasons(due("fw.alice", "?kind=fnsp_decision")));
  }

  @Test
  void aRulesFileWithAMistakeStopsTheStartNamingTheFileAndTheKey() throws Exception {
    Path rules = tmp.resolve("oversight.json");
    Files.writeString(rules, "{\"vists\": []}");
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> TestServer.start(tmp.resolve("data"),
            ServerConfig.defaults().with(b -> b.oversightRules(rules.toString())), WEDNESDAY));
    String message = e.getCause().getCause().getMessage();
    assertTrue(message.contains("oversight.json") && message.contains("vists is not a rule"),
        message);
  }

  private Revision visit(String caseId, LocalDate day, Visit.Kind kind,
      UnaryOperator<VisitBuilder> children) {
    Visit v = children.apply(VisitBuilder.create().date(day).mode(Visit.Mode.HOME_VISIT)
        .kind(kind)).build();
    return record(RecordType.VISIT, caseId, v.childrenSeen().stream()
        .map(Visit.ChildSeen::childId).toList(), day, v);
  }

  private static Revision record(RecordType type, String caseId, List<String> kids,
      LocalDate day, RecordBody body) {
    return Revisions.next(UuidV7.generate(), type, caseId, kids, null, false, 1, "u-alice",
        "alice-tablet", new Hlc(millis(day), 0, "alice-tablet"), ProtocolCodec.encodeBody(body));
  }

  private static long millis(LocalDate day) {
    return day.atTime(10, 0).atZone(LONDON).toInstant().toEpochMilli();
  }

  private Revision push(Revision r) throws Exception {
    RawHttp.Response resp = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + alice.login(), "Content-Type", "application/json"),
        alice.pushBody(List.of(r)));
    assertEquals(200, resp.status(), resp.body());
    assertEquals("accepted", ProtocolCodec.readTree(resp.body()).get("outcomes").get(0)
        .get("outcome").asText(), resp.body());
    return r;
  }

  private RawHttp.Response get(String user, String query) throws Exception {
    return RawHttp.send(server.port(), "GET", "/api/v1/oversight/due" + query,
        Map.of("Authorization", "Bearer " + token(user)), null);
  }

  private JsonNode due(String user, String query) throws Exception {
    RawHttp.Response r = get(user, query);
    assertEquals(200, r.status(), r.body());
    return ProtocolCodec.readTree(r.body());
  }

  private String token(String user) throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), "{\"username\":\"" + user
            + "\",\"password\":\"demo-password-1\"}");
    return ProtocolCodec.readTree(r.body()).get("token").asText();
  }

  private static List<String> reasons(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("items").forEach(i -> out.add(i.get("reason").asText()));
    return out;
  }

  private static void assertProblem(RawHttp.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, ProtocolCodec.readTree(r.body()).get("code").asText(), r.body());
  }
}
