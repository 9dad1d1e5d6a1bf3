package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.caserecord.AttachmentRoutes;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route, for every role, against a resource in the caller's caseload ({@code in}: case-0001
 * of team Dorchester and West), one in the same team but allocated to fw.alice alone ({@code
 * team}: case-0002, out of sw.dan's caseload, in tm.erin's team) and one in another team's
 * ({@code out}: case-0003, team North).
 * A route the server has but this table lacks fails the test, so a new route cannot ship without
 * its row.
 *
 * <p>Expected answers: a status, {@code 200:holds} / {@code 200:lacks} (the caseload lists the
 * target's case, or does not), or {@code 200:sees} / {@code 200:blind} (the resource is, or is
 * not, in the answer), or {@code 200:accepted} / {@code 200:rejected} (a push outcome). A 400 or
 * 409 where the body is deliberately incomplete means "authorised, then refused on content".
 */
class AuthorizationMatrixTest {
  private static final List<String> CALLERS = List.of("anon", "fw.alice", "fw.carl", "sw.dan",
      "tm.erin", "eo.faye", "admin.gus", "au.iris");
  /**
   * The partner-agency practitioner: a police officer allocated to case-0001 ({@code in}), whose
   * consent shares visits with police. Their expected answers are a column of their own ({@link
   * #partner}), so every route has one for them too.
   */
  private static final String PARTNER = "pp.pat";
  @TempDir static Path tmp;
  private static TestServer server;
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final Map<String, TestDevice> DEVICES = new HashMap<>();
  private static final Map<String, TestDevice> SEEDERS = new HashMap<>();
  /** Each caller's refresh token, from their tablet's sign-in. */
  private static final Map<String, String> REFRESH = new HashMap<>();
  private static Revision inRecord;
  private static Revision outRecord;
  /** In the callers' team (Dorchester and West) but allocated to fw.alice alone. */
  private static Revision teamRecord;
  private static String conflictId;

  /** One route's row: how to call it for a target, and what each caller must get per target. */
  record Row(String route, Function<String, Call> call, Map<String, String> in,
      Map<String, String> out, Map<String, String> team) {
    Row(String route, Function<String, Call> call, Map<String, String> in,
        Map<String, String> out) {
      this(route, call, in, out, null);
    }

    List<String> targets() {
      return out == null ? List.of("in") : team == null ? List.of("in", "out")
          : List.of("in", "out", "team");
    }

    Map<String, String> expected(String target) {
      return switch (target) {
        case "in" -> in;
        case "out" -> out;
        default -> team;
      };
    }
  }

  /** A concrete request; {@code contentType} null means JSON when there is a body. */
  record Call(String method, String path, String body, String contentType) {
    Call(String method, String path, String body) {
      this(method, path, body, null);
    }
  }

  private static final String DRAWING = "matrix drawing bytes";
  private static final String DRAWING_SHA = AttachmentRoutes
      .sha256(DRAWING.getBytes(StandardCharsets.UTF_8));
  private static final String A404 = "404:attachment.notFound";
  private static final String R404 = "404:record.notFound";

  @BeforeAll
  static void start() throws Exception {
    // Oversight's "today" well after every record here, so each case has something due and
    // the due list shows whose cases a caller sees.
    // SCIM and the case import have tokens of their own: no user's token opens them.
    server = TestServer.start(tmp.resolve("data"), ServerConfig.defaults().with(b -> b
        .scimToken("matrix-scim-token").caseImportToken("matrix-import-token")),
        Clock.fixed(Instant.parse("2027-03-01T09:00:00Z"), ZoneOffset.UTC));
    // Every caller signs in from an enrolled tablet of their own.
    List<String> signedIn = new ArrayList<>(CALLERS.subList(1, CALLERS.size()));
    signedIn.add(PARTNER);
    for (String u : signedIn) {
      TestDevice d = TestDevice.enrol(server.store(), server.port(), u,
          "matrix-" + u.replace('.', '-'));
      DEVICES.put(u, d);
      JsonNode login = d.loginResponse();
      TOKENS.put(u, login.get("token").asText());
      REFRESH.put(u, login.get("refreshToken").asText());
    }
    inRecord = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "a", 1, "in");
    push("fw.alice", inRecord);
    outRecord = Revs.newVisit("case-0003", List.of("child-0004"), "u-carl", "c", 1, "out");
    push("fw.carl", outRecord);
    teamRecord = Revs.newVisit("case-0002", List.of("child-0003"), "u-alice", "a", 1, "team");
    push("fw.alice", teamRecord);
    // A conflict on the in-caseload record: two edits of the same parent.
    push("fw.alice", Revs.edit(inRecord, "u-alice", "a", 2, "alice: seen at school"));
    push("sw.dan", Revs.edit(inRecord, "u-dan", "d", 3, "dan: seen at home"));
    conflictId = server.store().read(tx -> tx.conflicts().open(inRecord.id()).orElseThrow().id());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Seeds from a second tablet of the user, so the callers' own tablets are sent it. */
  private static RawHttp.Response push(String user, Revision r) throws Exception {
    TestDevice seeder = SEEDERS.computeIfAbsent(user, u -> TestDevice.enrol(server.store(),
        server.port(), u, "seed-" + u.replace('.', '-')));
    return RawHttp.send(server.port(), "POST", "/api/v1/sync/push", Map.of("Authorization",
        "Bearer " + seeder.login(), "Content-Type", "application/json"),
        seeder.pushBody(List.of(r)));
  }

  private static RawHttp.Response call(String user, Call c) throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    if (TOKENS.containsKey(user)) {
      h.put("Authorization", "Bearer " + TOKENS.get(user));
    }
    if (c.body() != null) {
      h.put("Content-Type", c.contentType() != null ? c.contentType() : "application/json");
    }
    return RawHttp.send(server.port(), c.method(), c.path(), h, c.body());
  }

  /** Expected answers for the callers, in {@link #CALLERS} order. */
  private static Map<String, String> expect(String... answers) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < CALLERS.size(); i++) {
      m.put(CALLERS.get(i), answers[i]);
    }
    return m;
  }

  private static String author(String user) {
    return switch (user) {
      case "fw.alice" -> "u-alice";
      case "fw.carl" -> "u-carl";
      case "sw.dan" -> "u-dan";
      case "tm.erin" -> "u-erin";
      case "eo.faye" -> "u-faye";
      case "admin.gus" -> "u-gus";
      case "au.iris" -> "u-iris";
      case PARTNER -> "u-pat";
      default -> "u-nobody";
    };
  }

  private static List<Row> rows() {
    String in = "in";
    //                                anon   alice  carl   dan    erin   faye   gus    iris
    return List.of(
        new Row("GET /api/v1/health", t -> new Call("GET", "/api/v1/health", null),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("GET /health/live", t -> new Call("GET", "/health/live", null),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("GET /health/ready", t -> new Call("GET", "/health/ready", null),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("GET /api/v1/server-key", t -> new Call("GET", "/api/v1/server-key", null),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("POST /api/v1/auth/login", t -> new Call("POST", "/api/v1/auth/login",
            "{\"username\":\"fw.bea\",\"password\":\"demo-password-1\"}"),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("POST /api/v1/sync/push", null,
            expect("401", "200:accepted", "200:rejected", "200:accepted", "200:accepted",
                "200:rejected", "200:rejected", "200:rejected"),
            expect("401", "200:rejected", "200:accepted", "200:rejected", "200:rejected",
                "200:rejected", "200:rejected", "200:rejected"),
            expect("401", "200:accepted", "200:rejected", "200:rejected", "200:accepted",
                "200:rejected", "200:rejected", "200:rejected")),
        new Row("GET /api/v1/sync/changes", t -> new Call("GET", "/api/v1/sync/changes", null),
            expect("401", "200:sees", "200:blind", "200:sees", "200:sees", "200:blind",
                "200:blind", "200:blind"),
            expect("401", "200:blind", "200:sees", "200:blind", "200:blind", "200:blind",
                "200:blind", "200:blind"),
            expect("401", "200:sees", "200:blind", "200:blind", "200:sees", "200:blind",
                "200:blind", "200:blind")),
        new Row("GET /api/v1/sync/ws", t -> new Call("GET", "/api/v1/sync/ws", null),
            expect("401", "400", "400", "400", "400", "400", "400", "400"), null),
        new Row("GET /api/v1/cases/:caseId/timeline", t -> new Call("GET", "/api/v1/cases/"
            + caseOf(t) + "/timeline", null),
            expect("401", "200:sees", "403", "200:sees", "200:sees", "403", "403", "403"),
            expect("401", "403", "200:sees", "403", "403", "403", "403", "403"),
            expect("401", "200:sees", "403", "403", "200:sees", "403", "403", "403")),
        new Row("GET /api/v1/caseload", t -> new Call("GET", "/api/v1/caseload", null),
            expect("401", "200:holds", "200:lacks", "200:holds", "200:holds", "200:lacks",
                "200:lacks", "200:lacks"),
            expect("401", "200:lacks", "200:holds", "200:lacks", "200:lacks", "200:lacks",
                "200:lacks", "200:lacks"),
            expect("401", "200:holds", "200:lacks", "200:lacks", "200:holds", "200:lacks",
                "200:lacks", "200:lacks")),
        new Row("GET /api/v1/oversight/due", t -> new Call("GET", "/api/v1/oversight/due",
            null),
            // Workers: their caseload's items; a team manager: the team's; others: none.
            expect("401", "200:holds", "200:lacks", "200:holds", "200:holds", "403", "403",
                "403"),
            expect("401", "200:lacks", "200:holds", "200:lacks", "200:lacks", "403", "403",
                "403"),
            expect("401", "200:holds", "200:lacks", "200:lacks", "200:holds", "403", "403",
                "403")),
        new Row("PUT /api/v1/admin/cases/:caseId/allocations/:userId", t -> new Call("PUT",
            "/api/v1/admin/cases/" + caseOf(t) + "/allocations/" + (t.equals("out") ? "u-carl"
                : "u-alice"), null),
            expect("401", "403", "403", "403", "200", "403", "200", "403"),
            expect("401", "403", "403", "403", "403", "403", "200", "403"),
            expect("401", "403", "403", "403", "200", "403", "200", "403")),
        new Row("DELETE /api/v1/admin/cases/:caseId/allocations/:userId", t -> new Call("DELETE",
            "/api/v1/admin/cases/" + caseOf(t) + "/allocations/u-hana", null),
            expect("401", "403", "403", "403", "200", "403", "200", "403"),
            expect("401", "403", "403", "403", "403", "403", "200", "403"),
            expect("401", "403", "403", "403", "200", "403", "200", "403")),
        new Row("GET /api/v1/admin/conflicts", t -> new Call("GET", "/api/v1/admin/conflicts",
            null), expect("401", "403", "403", "403", "403", "403", "200:sees", "403"), null),
        new Row("GET /api/v1/admin/filters", t -> new Call("GET", "/api/v1/admin/filters", null),
            expect("401", "403", "403", "403", "403", "403", "200", "403"), null),
        new Row("GET /api/v1/admin/conflicts/:id", t -> new Call("GET", "/api/v1/admin/conflicts/"
            + conflictId, null),
            expect("401", "403", "403", "403", "403", "403", "200:sees", "403"), null),
        new Row("POST /api/v1/admin/conflicts/:id/resolve", t -> new Call("POST",
            "/api/v1/admin/conflicts/" + conflictId + "/resolve", "{\"choices\":{}}"),
            expect("401", "403", "403", "403", "403", "403", "400", "403"), null),
        new Row("GET /api/v1/admin/devices", t -> new Call("GET", "/api/v1/admin/devices", null),
            expect("401", "403", "403", "403", "403", "403", "200", "403"), null),
        new Row("GET /api/v1/records/:id/history", t -> new Call("GET", "/api/v1/records/"
            + recordOf(t) + "/history", null),
            // Sync admins see a record's content only because it was in a conflict.
            expect("401", "200:sees", "404", "200:sees", "200:sees", "404", "200:sees", "404"),
            expect("401", "404", "200:sees", "404", "404", "404", "404", "404"),
            expect("401", "200:sees", "404", "404", "200:sees", "404", "404", "404")),
        new Row("POST /api/v1/records/:id/sign-off", t -> new Call("POST", "/api/v1/records/"
            + recordOf(t) + "/sign-off", null),
            // A visit cannot be signed off: 400 means the manager got through to the content.
            expect("401", "403", "403", "403", "400", "403", "403", "403"),
            expect("401", "403", "403", "403", "404", "403", "403", "403"),
            expect("401", "403", "403", "403", "400", "403", "403", "403")),
        new Row("POST /api/v1/records/:id/decision", t -> new Call("POST", "/api/v1/records/"
            + recordOf(t) + "/decision", "{\"decision\":\"approved\"}"),
            // A visit is not an FNSP request: 400 means the manager got through to the content.
            expect("401", "403", "403", "403", "400", "403", "403", "403"),
            expect("401", "403", "403", "403", "404", "403", "403", "403"),
            expect("401", "403", "403", "403", "400", "403", "403", "403")),
        new Row("PUT /api/v1/cases/:caseId/attachments/:sha256", t -> new Call("PUT",
            "/api/v1/cases/" + caseOf(t) + "/attachments/" + DRAWING_SHA, DRAWING, "image/png"),
            expect("401", "200", "403", "200", "200", "403", "403", "403"),
            expect("401", "403", "200", "403", "403", "403", "403", "403"),
            expect("401", "200", "403", "403", "200", "403", "403", "403")),
        new Row("GET /api/v1/records/:id/attachments/:sha256", t -> new Call("GET",
            "/api/v1/records/" + recordOf(t) + "/attachments/" + DRAWING_SHA, null),
            // The record names no attachment: those who may read it learn only that.
            expect("401", A404, R404, A404, A404, R404, A404, R404),
            expect("401", R404, A404, R404, R404, R404, R404, R404),
            expect("401", A404, R404, R404, A404, R404, R404, R404)),
        new Row("PUT /api/v1/records/:id/restriction", t -> new Call("PUT", "/api/v1/records/"
            + recordOf(t) + "/restriction", "{\"category\":\"none\",\"users\":[]}"),
            // An unknown category: 400 means the manager got through to the content; another
            // team's record is 404 before the body is read.
            expect("401", "403", "403", "403", "400", "403", "403", "403"),
            expect("401", "403", "403", "403", "404", "403", "403", "403"),
            expect("401", "403", "403", "403", "400", "403", "403", "403")),
        new Row("DELETE /api/v1/records/:id/restriction", t -> new Call("DELETE",
            "/api/v1/records/" + recordOf(t) + "/restriction", null),
            expect("401", "403", "403", "403", "200", "403", "403", "403"),
            expect("401", "403", "403", "403", "404", "403", "403", "403"),
            expect("401", "403", "403", "403", "200", "403", "403", "403")),
        new Row("GET /api/v1/cases/:caseId/consents", t -> new Call("GET", "/api/v1/cases/"
            + caseOf(t) + "/consents", null),
            // Those who hold the case (a partner: only their agency's row, see PartnerConsentTest).
            expect("401", "200", "403", "200", "200", "403", "403", "403"),
            expect("401", "403", "200", "403", "403", "403", "403", "403"),
            expect("401", "200", "403", "403", "200", "403", "403", "403")),
        new Row("PUT /api/v1/cases/:caseId/consents/:agency", t -> new Call("PUT",
            "/api/v1/cases/" + caseOf(t) + "/consents/probation", "{\"level\":\"x\"}"),
            // An unknown level: 400 means the caller got through to the content.
            expect("401", "400", "403", "400", "400", "403", "403", "403"),
            expect("401", "403", "400", "403", "403", "403", "403", "403"),
            expect("401", "400", "403", "403", "400", "403", "403", "403")),
        new Row("GET /api/v1/manager/fnsp", t -> new Call("GET", "/api/v1/manager/fnsp", null),
            expect("401", "403", "403", "403", "200", "403", "403", "403"), null),
        new Row("GET /api/v1/manager/sign-offs", t -> new Call("GET", "/api/v1/manager/sign-offs",
            null), expect("401", "403", "403", "403", "200", "403", "403", "403"), null),
        new Row("POST /api/v1/admin/enrolment-codes", t -> new Call("POST",
            "/api/v1/admin/enrolment-codes", "{\"username\":\"nobody\"}"),
            // 404: the admin got through to the content (no such user).
            expect("401", "403", "403", "403", "403", "403", "404", "403"), null),
        new Row("POST /api/v1/devices/enrol", t -> new Call("POST", "/api/v1/devices/enrol",
            "{\"code\":\"X\",\"deviceId\":\"m\",\"publicKey\":\"not-a-key\"}"),
            // The code is the credential, for anyone: a malformed enrolment is refused alike.
            expect("400", "400", "400", "400", "400", "400", "400", "400"), null),
        new Row("POST /api/v1/admin/devices/:id/revoke", t -> new Call("POST",
            "/api/v1/admin/devices/no-such-device/revoke", "{}"),
            expect("401", "403", "403", "403", "403", "403", "404", "403"), null),
        new Row("POST /api/v1/admin/devices/:id/lost", t -> new Call("POST",
            "/api/v1/admin/devices/no-such-device/lost", null),
            expect("401", "403", "403", "403", "403", "403", "404", "403"), null),
        new Row("POST /api/v1/devices/lease", t -> new Call("POST", "/api/v1/devices/lease",
            null),
            // Every caller signs in from an enrolled tablet here, so each gets its lease.
            expect("401", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("POST /api/v1/devices/:id/quarantine", t -> new Call("POST",
            "/api/v1/devices/no-such-device/quarantine", "{\"revisions\":[]}"),
            // Authenticated by the device's own signatures, not a token.
            expect("404", "404", "404", "404", "404", "404", "404", "404"), null),
        new Row("POST /api/v1/auth/refresh", null,
            // No bearer token: the tablet's signature over its own refresh token is the
            // credential, for every role; anon has neither.
            expect("401", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("GET /api/v1/audit", t -> new Call("GET", "/api/v1/audit", null),
            expect("401", "403", "403", "403", "403", "403", "403", "200"), null),
        new Row("GET /api/v1/audit/verify", t -> new Call("GET", "/api/v1/audit/verify", null),
            expect("401", "403", "403", "403", "403", "403", "200", "200"), null),
        new Row("POST /api/v1/admin/activation-codes", t -> new Call("POST",
            "/api/v1/admin/activation-codes", "{\"username\":\"nobody\"}"),
            // 404: the admin got through to the content (no such user).
            expect("401", "403", "403", "403", "403", "403", "404", "403"), null),
        new Row("POST /api/v1/auth/activate", t -> new Call("POST", "/api/v1/auth/activate",
            "{\"username\":\"nobody\",\"code\":\"X\",\"password\":\"short\"}"),
            // The code is the credential, for anyone: a too-short password is refused alike.
            expect("400", "400", "400", "400", "400", "400", "400", "400"), null),
        new Row("POST /api/v1/integration/cases", t -> new Call("POST",
            "/api/v1/integration/cases", "{}", "application/x-ndjson"),
            // Only the case import's own token: no user's.
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /api/v1/admin/exports", t -> new Call("GET", "/api/v1/admin/exports", null),
            expect("401", "403", "403", "403", "403", "403", "200", "403"), null),
        new Row("POST /api/v1/admin/exports/retry", t -> new Call("POST",
            "/api/v1/admin/exports/retry", "{}"),
            // 400: the admin got through to the content (no reason given).
            expect("401", "403", "403", "403", "403", "403", "400", "403"), null),
        new Row("POST /api/v1/admin/exports/skip", t -> new Call("POST",
            "/api/v1/admin/exports/skip", "{}"),
            expect("401", "403", "403", "403", "403", "403", "400", "403"), null),
        new Row("POST /api/v1/admin/exports/replay", t -> new Call("POST",
            "/api/v1/admin/exports/replay", "{}"),
            expect("401", "403", "403", "403", "403", "403", "400", "403"), null),
        new Row("GET /scim/v2/ServiceProviderConfig", t -> new Call("GET",
            "/scim/v2/ServiceProviderConfig", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/Schemas", t -> new Call("GET", "/scim/v2/Schemas", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/ResourceTypes", t -> new Call("GET", "/scim/v2/ResourceTypes", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/Users", t -> new Call("GET", "/scim/v2/Users", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("POST /scim/v2/Users", t -> new Call("POST", "/scim/v2/Users", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/Users/:id", t -> new Call("GET", "/scim/v2/Users/u-alice", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("PUT /scim/v2/Users/:id", t -> new Call("PUT", "/scim/v2/Users/u-alice", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("PATCH /scim/v2/Users/:id", t -> new Call("PATCH", "/scim/v2/Users/u-alice", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("DELETE /scim/v2/Users/:id",
            t -> new Call("DELETE", "/scim/v2/Users/u-alice", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/Groups", t -> new Call("GET", "/scim/v2/Groups", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("POST /scim/v2/Groups", t -> new Call("POST", "/scim/v2/Groups", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /scim/v2/Groups/:id", t -> new Call("GET", "/scim/v2/Groups/u-alice", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("PUT /scim/v2/Groups/:id", t -> new Call("PUT", "/scim/v2/Groups/u-alice", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("PATCH /scim/v2/Groups/:id",
            t -> new Call("PATCH", "/scim/v2/Groups/u-alice", "{}"),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("DELETE /scim/v2/Groups/:id",
            t -> new Call("DELETE", "/scim/v2/Groups/u-alice", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("ANY /scim/v2/", t -> new Call("GET", "/scim/v2/Users", null),
            expect("401", "401", "401", "401", "401", "401", "401", "401"), null),
        new Row("GET /api/v1/vocabulary", t -> new Call("GET", "/api/v1/vocabulary", null),
            // Labels and codes in words, no case content: for anyone signed in.
            expect("401", "200", "200", "200", "200", "200", "200", "200"), null),
        new Row("GET /admin", t -> new Call("GET", "/admin", null),
            expect("302", "302", "302", "302", "302", "302", "302", "302"), null),
        new Row("GET /admin/", t -> new Call("GET", "/admin/", null),
            expect("200", "200", "200", "200", "200", "200", "200", "200"), null),
        // SCIM's rows: only the provisioning token opens SCIM, never a user's (see above).
        // Last: it ends each caller's token.
        new Row("POST /api/v1/auth/logout", t -> new Call("POST", "/api/v1/auth/logout", null),
            expect("401", "200", "200", "200", "200", "200", "200", "200"), null));
  }

  /**
   * The partner's column: route, then the answer for {@code in} (case-0001, allocated to them,
   * sharing visits with police), {@code out} and {@code team} (cases not theirs), where the row
   * has those targets.
   */
  private static Map<String, List<String>> partner() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    List<String> open = List.of("200");
    m.put("GET /api/v1/health", open);
    m.put("GET /health/live", open);
    m.put("GET /health/ready", open);
    m.put("GET /api/v1/server-key", open);
    m.put("POST /api/v1/auth/login", open);
    m.put("POST /api/v1/sync/push", List.of("200:accepted", "200:rejected", "200:rejected"));
    m.put("GET /api/v1/sync/changes", List.of("200:sees", "200:blind", "200:blind"));
    m.put("GET /api/v1/sync/ws", List.of("400"));
    m.put("GET /api/v1/cases/:caseId/timeline", List.of("200:sees", "403", "403"));
    m.put("GET /api/v1/caseload", List.of("200:holds", "200:lacks", "200:lacks"));
    m.put("GET /api/v1/oversight/due", List.of("403", "403", "403"));
    m.put("PUT /api/v1/admin/cases/:caseId/allocations/:userId", List.of("403", "403", "403"));
    m.put("DELETE /api/v1/admin/cases/:caseId/allocations/:userId",
        List.of("403", "403", "403"));
    m.put("GET /api/v1/admin/conflicts", List.of("403"));
    m.put("GET /api/v1/admin/filters", List.of("403"));
    m.put("GET /api/v1/admin/conflicts/:id", List.of("403"));
    m.put("POST /api/v1/admin/conflicts/:id/resolve", List.of("403"));
    m.put("GET /api/v1/admin/devices", List.of("403"));
    // The in-caseload record is a visit, which the case shares with police.
    m.put("GET /api/v1/records/:id/history", List.of("200:sees", "404", "404"));
    m.put("POST /api/v1/records/:id/sign-off", List.of("403", "403", "403"));
    m.put("POST /api/v1/records/:id/decision", List.of("403", "403", "403"));
    m.put("PUT /api/v1/cases/:caseId/attachments/:sha256", List.of("200", "403", "403"));
    m.put("GET /api/v1/records/:id/attachments/:sha256", List.of(A404, R404, R404));
    m.put("PUT /api/v1/records/:id/restriction", List.of("403", "403", "403"));
    m.put("DELETE /api/v1/records/:id/restriction", List.of("403", "403", "403"));
    m.put("GET /api/v1/cases/:caseId/consents", List.of("200", "403", "403"));
    m.put("PUT /api/v1/cases/:caseId/consents/:agency", List.of("403", "403", "403"));
    m.put("GET /api/v1/manager/fnsp", List.of("403"));
    m.put("GET /api/v1/manager/sign-offs", List.of("403"));
    m.put("POST /api/v1/admin/enrolment-codes", List.of("403"));
    m.put("POST /api/v1/devices/enrol", List.of("400"));
    m.put("POST /api/v1/admin/devices/:id/revoke", List.of("403"));
    m.put("POST /api/v1/admin/devices/:id/lost", List.of("403"));
    m.put("POST /api/v1/devices/lease", open);
    m.put("POST /api/v1/devices/:id/quarantine", List.of("404"));
    m.put("POST /api/v1/auth/refresh", open);
    m.put("GET /api/v1/audit", List.of("403"));
    m.put("GET /api/v1/audit/verify", List.of("403"));
    m.put("POST /api/v1/admin/activation-codes", List.of("403"));
    m.put("POST /api/v1/auth/activate", List.of("400"));
    m.put("POST /api/v1/integration/cases", List.of("401"));
    m.put("GET /api/v1/admin/exports", List.of("403"));
    m.put("POST /api/v1/admin/exports/retry", List.of("403"));
    m.put("POST /api/v1/admin/exports/skip", List.of("403"));
    m.put("POST /api/v1/admin/exports/replay", List.of("403"));
    // Only the provisioning token opens SCIM, never a user's.
    for (String scim : List.of("GET /scim/v2/ServiceProviderConfig", "GET /scim/v2/Schemas",
        "GET /scim/v2/ResourceTypes", "GET /scim/v2/Users", "POST /scim/v2/Users",
        "GET /scim/v2/Users/:id", "PUT /scim/v2/Users/:id", "PATCH /scim/v2/Users/:id",
        "DELETE /scim/v2/Users/:id", "GET /scim/v2/Groups", "POST /scim/v2/Groups",
        "GET /scim/v2/Groups/:id", "PUT /scim/v2/Groups/:id", "PATCH /scim/v2/Groups/:id",
        "DELETE /scim/v2/Groups/:id", "ANY /scim/v2/")) {
      m.put(scim, List.of("401"));
    }
    m.put("GET /api/v1/vocabulary", open);
    m.put("GET /admin", List.of("302"));
    m.put("GET /admin/", open);
    m.put("POST /api/v1/auth/logout", open);
    return m;
  }

  private static String caseOf(String target) {
    return switch (target) {
      case "in" -> "case-0001";
      case "out" -> "case-0003";
      default -> "case-0002";
    };
  }

  private static String recordOf(String target) {
    return switch (target) {
      case "in" -> inRecord.id();
      case "out" -> outRecord.id();
      default -> teamRecord.id();
    };
  }

  @Test
  void everyRouteHasARow() {
    TreeSet<String> covered = new TreeSet<>();
    rows().forEach(r -> covered.add(r.route()));
    TreeSet<String> missing = new TreeSet<>(server.routes());
    missing.removeAll(covered);
    assertEquals(new TreeSet<>(), missing, "routes without an authorization-matrix row");
    TreeSet<String> stale = new TreeSet<>(covered);
    stale.removeAll(server.routes());
    assertEquals(new TreeSet<>(), stale, "matrix rows for routes the server does not have");
    assertEquals(covered, new TreeSet<>(partner().keySet()),
        "the partner's column names every route of the matrix");
  }

  @Test
  void everyCallerGetsExactlyWhatTheMatrixSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Row row : rows()) {
      for (String target : row.targets()) {
        Map<String, String> expected = row.expected(target);
        Map<String, String> all = new LinkedHashMap<>(expected);
        all.put(PARTNER, partner().get(row.route()).get(row.targets().indexOf(target)));
        for (String caller : all.keySet()) {
          String got = answer(row, target, caller, all.get(caller));
          if (!got.equals(all.get(caller))) {
            wrong.add(row.route() + " [" + target + "] as " + caller + ": expected "
                + all.get(caller) + ", got " + got);
          }
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  private String answer(Row row, String target, String caller, String expected)
      throws Exception {
    Call c;
    if (row.route().equals("POST /api/v1/sync/push")) {
      Revision r = switch (target) {
        case "in" -> Revs.newVisit("case-0001", List.of("child-0001"), author(caller), "m", 5,
            "new");
        case "out" -> Revs.newVisit("case-0003", List.of("child-0004"), author(caller), "m", 5,
            "new");
        default -> Revs.newVisit("case-0002", List.of("child-0003"), author(caller), "m", 5,
            "new");
      };
      c = new Call("POST", "/api/v1/sync/push", DEVICES.containsKey(caller)
          ? DEVICES.get(caller).pushBody(List.of(r))
          : ProtocolCodec.encodeToString(new PushRequest("m", List.of(r))));
    } else if (row.route().equals("POST /api/v1/auth/refresh")) {
      c = new Call("POST", "/api/v1/auth/refresh", DEVICES.containsKey(caller)
          ? DEVICES.get(caller).refreshBody(REFRESH.get(caller))
          : "{\"refreshToken\":\"x\",\"deviceId\":\"m\",\"signature\":\"x\"}");
    } else {
      c = row.call().apply(target);
    }
    RawHttp.Response r = call(caller, c);
    if (r.status() == 404 && expected.startsWith("404:")) {
      return "404:" + ProtocolCodec.readTree(r.body()).get("code").asText();
    }
    if (r.status() != 200 || !expected.startsWith("200:")) {
      return String.valueOf(r.status());
    }
    return switch (expected) {
      case "200:accepted", "200:rejected" -> "200:" + ProtocolCodec.readTree(r.body())
          .get("outcomes").get(0).get("outcome").asText();
      case "200:holds", "200:lacks" -> r.body().contains("\"caseId\":\"" + caseOf(target)
          + "\"") ? "200:holds" : "200:lacks";
      default -> {
        boolean sees = r.body().contains(recordOf(target)) || r.body().contains(conflictId);
        yield sees ? "200:sees" : "200:blind";
      }
    };
  }
}
