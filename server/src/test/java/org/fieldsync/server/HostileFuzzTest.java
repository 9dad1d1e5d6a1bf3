package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.store.ConflictFilter;
import org.fieldsync.server.store.Scope;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;

/**
 * 10,000 generated hostile requests across every route, with every kind of caller: no answer is
 * a 5xx, every refusal is a problem with a stable code and no internals, and nothing stored
 * changes. A real server on a random port, real SQLite.
 */
class HostileFuzzTest {
  private static TestServer server;
  private static final String SCIM = "fuzz-scim-token";
  private static final String IMPORT = "fuzz-import-token";
  private static Path dir;
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static String before;
  private static Revision seeded;
  /** Alice's tablet: signs the mutated pushes, so checks beyond the signature are reached. */
  private static TestDevice alice;

  /** One generated request. */
  record Hostile(String method, String path, String token, String contentType, String body) {}

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("fieldsync-fuzz");
    server = TestServer.start(dir, ServerConfig.defaults().with(b -> b
        .scimToken(SCIM).caseImportToken(IMPORT)));
    for (String user : List.of("fw.alice", "fw.carl", "tm.erin", "admin.gus", "au.iris",
        "eo.faye", "pp.pat")) {
      TOKENS.put(user, TestDevice.enrol(server.store(), server.port(), user,
          "fuzz-" + user.replace('.', '-'))
          .login());
    }
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "fuzz-alice");
    TOKENS.put("fw.alice", alice.login());
    seeded = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1, "kept");
    RawHttp.Response push = send(new Hostile("POST", "/api/v1/sync/push",
        TOKENS.get("fw.alice"), "application/json", alice.pushBody(List.of(seeded))));
    assertEquals(200, push.status(), push.body());
    before = snapshot();
  }

  @AfterContainer
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Property(tries = 10_000, shrinking = ShrinkingMode.BOUNDED, seed = "20261123")
  void hostileRequestsGetProblemsNever5xxAndHarmNothing(@ForAll("hostile") Hostile h)
      throws Exception {
    RawHttp.Response r = send(h);
    String body = r.body() == null ? "" : r.body();
    assertTrue(r.status() < 500, h + " answered " + r.status() + ": " + body);
    assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains(".java:"),
        h + " leaked internals: " + body);
    if (r.status() >= 400 && !"HEAD".equals(h.method())) {
      String type = r.headers().getOrDefault("content-type", "");
      assertTrue(type.startsWith("application/problem+json") || h.path().startsWith("/scim/")
          && type.startsWith("application/scim+json"), h + ": " + body);
      JsonNode p = ProtocolCodec.readTree(body);
      assertNotNull(p.get("code"), body);
      assertNotNull(p.get("message"), body);
    }
    if (h.path().contains("sync/push") || h.method().equals("PUT")
        || h.method().equals("DELETE") || h.path().contains("resolve")
        || h.path().contains("sign-off") || h.path().contains("restriction")
        || h.path().contains("decision") || h.path().contains("attachments")
        || h.path().contains("consents") || h.path().contains("integration")
        || h.path().contains("exports")) {
      assertEquals(before, snapshot(), "stored data changed after " + h);
    }
  }

  @Provide
  Arbitrary<Hostile> hostile() {
    Arbitrary<String> id = Arbitraries.oneOf(
        Arbitraries.of("nope", "case-9999", "u-nobody", "%2e%2e%2f", "%00", "%%", "..",
            "é中", " ", "'; DROP TABLE records;--", "x".repeat(300), seeded.id(), "case-0001"),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
    Arbitrary<String> query = Arbitraries.of("", "?since=garbage", "?limit=-1", "?limit=99999",
        "?limit=abc", "?status=x", "?status=all", "?minAgeHours=NaN", "?minAgeHours=1e309",
        "?type=pony", "?after=-5", "?after=abc", "?limit=0", "?since=%%", "?deviceId="
        + "d".repeat(500), "?locality=" + "%27".repeat(50), "?access_token=garbage",
        "?kind=pony&overdue=maybe", "?team=team-north", "?team=%00", "?kind=visit&overdue=true",
        "?locality=" + "x".repeat(101));
    Arbitrary<String> path = Combinators.combine(Arbitraries.integers().between(0, 40), id, id,
        query).as((k, a, b, q) -> switch (k) {
          case 0 -> "/api/v1/auth/login";
          case 1, 2 -> "/api/v1/sync/push";
          case 3 -> "/api/v1/sync/changes" + q;
          case 4 -> "/api/v1/sync/ws" + q;
          case 5 -> "/api/v1/cases/" + a + "/timeline";
          // Never real ids here: an admin allocating a real case is not hostile.
          case 6 -> "/api/v1/admin/cases/fz-" + a + "/allocations/fz-" + b;
          case 7 -> "/api/v1/admin/conflicts" + q;
          case 8 -> "/api/v1/admin/conflicts/" + a;
          case 9 -> "/api/v1/admin/conflicts/" + a + "/resolve";
          case 10 -> "/api/v1/admin/filters" + q;
          case 11 -> "/api/v1/admin/devices";
          case 12 -> "/api/v1/records/" + a + "/history";
          case 13 -> "/api/v1/records/fz-" + a + "/sign-off";
          case 14 -> "/api/v1/audit" + q;
          case 15 -> "/api/v1/audit/verify";
          case 16 -> "/api/v1/" + a;
          case 17 -> "/api/v1/oversight/due" + q;
          case 18 -> "/api/v1/records/fz-" + a + "/restriction";
          case 19 -> "/api/v1/server-key" + q;
          case 20 -> "/api/v1/devices/enrol";
          case 21 -> "/api/v1/admin/enrolment-codes";
          case 22 -> "/api/v1/admin/devices/fz-" + a + "/revoke";
          case 23 -> "/api/v1/devices/fz-" + a + "/quarantine";
          case 24 -> "/api/v1/admin/devices/fz-" + a + "/lost";
          case 25 -> "/api/v1/devices/lease";
          case 26 -> "/api/v1/auth/refresh";
          case 27 -> "/api/v1/records/fz-" + a + "/decision";
          case 28 -> "/api/v1/cases/" + a + "/attachments/" + b;
          case 29 -> "/api/v1/records/" + a + "/attachments/" + b;
          case 30 -> "/api/v1/cases/" + a + "/consents";
          // Never a real agency: recording a real consent is not hostile.
          case 31 -> "/api/v1/cases/" + a + "/consents/" + b;
          case 32 -> "/api/v1/manager/" + (b.length() % 2 == 0 ? "fnsp" : "sign-offs") + q;
          case 33 -> "/scim/v2/Users" + q.replace("since", "filter");
          case 34 -> "/scim/v2/Users/fz-" + a;
          case 35 -> "/scim/v2/Groups/fz-" + a;
          case 36 -> "/scim/v2/" + a;
          case 37 -> "/api/v1/integration/cases" + q;
          case 38 -> "/api/v1/admin/exports" + q;
          case 39 -> "/api/v1/admin/exports/" + a;
          case 40 -> "/api/v1/auth/activate";
          default -> "/admin/" + a;
        });
    Arbitrary<String> method = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("GET", "POST")),
        Tuple.of(2, Arbitraries.of("PUT", "DELETE")),
        Tuple.of(1, Arbitraries.of("PATCH", "HEAD", "OPTIONS")));
    Arbitrary<String> token = Arbitraries.of("none", "garbage", "fw.alice", "fw.carl", "tm.erin",
        "admin.gus", "au.iris", "eo.faye", "pp.pat", "tampered", "scim", "import")
        .map(t -> switch (t) {
          case "scim" -> SCIM;
          case "import" -> IMPORT;
          case "none" -> null;
          case "garbage" -> "not.a.jwt";
          case "tampered" -> TOKENS.get("fw.alice").substring(0,
              TOKENS.get("fw.alice").length() - 3) + "abc";
          default -> TOKENS.get(t);
        });
    Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json",
        "image/png", "text/plain", "application/x-www-form-urlencoded", null);
    return Combinators.combine(method, path, token, contentType, bodies()).as(Hostile::new);
  }

  private Arbitrary<String> bodies() {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(ProtocolCodec::encodeToString),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("true", "null", "1e999", "-0", "\"\\ud800\""));
    Arbitrary<String> object = Combinators.combine(
        Arbitraries.of("username", "password", "revisions", "deviceId", "reason", "choices",
            "refreshToken", "signature", "decision", "note", "id", "rev", "body", "level",
            "recordTypes", "givenBy", "children", "x", "userName", "schemas", "Operations",
            "displayName", "sink", "since", "code").list()
            .ofMaxSize(4),
        scalar.list().ofMaxSize(4))
        .as((ks, vs) -> {
          StringBuilder b = new StringBuilder("{");
          for (int i = 0; i < Math.min(ks.size(), vs.size()); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(ks.get(i)).append("\":")
                .append(vs.get(i));
          }
          return b.append('}').toString();
        });
    Arbitrary<String> revisions = Arbitraries.integers().between(0, 9).map(this::mutatedPush);
    return Arbitraries.oneOf(
        Arbitraries.just(null), Arbitraries.of("", "{", "[]", "null", "{}", "[1,2]", "\"x\"",
            "{\"revisions\":[null]}", "{\"revisions\":{}}", "{\"choices\":[],\"reason\":5}",
            "{\"reason\":\"r\",\"choices\":{\"mode\":{}}}", "\u0000\u0001",
            "{\"revisions\":" + "[".repeat(300) + "]".repeat(300) + "}",
            "{\"username\":\"fw.alice\",\"password\":\"wrong\"}",
            "{\"deviceId\":\"" + "x".repeat(200_000) + "\"}"),
        scalar, object, revisions);
  }

  /** A push of one revision that was valid before one thing about it was broken. */
  private String mutatedPush(int how) {
    Revision v = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 7, "fz");
    Revision bad = switch (how) {
      case 0 -> v.withRev("1-" + "0".repeat(32), null);
      case 1 -> new Revision(v.id(), v.type(), "case-0003", v.childIds(), v.rev(), null, false,
          1, v.authorId(), v.deviceId(), v.hlc(), v.body());
      case 2 -> Revs.newVisit("case-0003", List.of("child-0004"), "u-alice", "d", 7, "other");
      case 3 -> Revs.newVisit("case-0001", List.of("child-0004"), "u-alice", "d", 7, "wrong kid");
      case 4 -> Revs.newVisit("case-0001", List.of("child-0001"), "u-bea", "d", 7, "not me");
      case 5 -> new Revision(v.id(), "pony", v.caseId(), v.childIds(), v.rev(), null, false, 1,
          v.authorId(), v.deviceId(), v.hlc(), v.body());
      case 6 -> new Revision(v.id(), v.type(), v.caseId(), v.childIds(), v.rev(), null, false,
          1, v.authorId(), v.deviceId(), "not-a-clock", v.body());
      case 7 -> Revs.edit(seeded, "u-alice", "d", 9, "edit").withRev("2-" + "f".repeat(32),
          seeded.rev());
      case 8 -> new Revision("", v.type(), v.caseId(), v.childIds(), v.rev(), null, false, 1,
          v.authorId(), v.deviceId(), v.hlc(), v.body());
      default -> new Revision(v.id(), v.type(), v.caseId(), v.childIds(), v.rev(), "9-abc",
          false, 99, v.authorId(), v.deviceId(), v.hlc(), v.body());
    };
    return how % 3 == 0 ? ProtocolCodec.encodeToString(new PushRequest("d",
        new ArrayList<>(List.of(bad)))) : alice.pushBody(new ArrayList<>(List.of(bad)));
  }

  private static RawHttp.Response send(Hostile h) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (h.token() != null) {
      headers.put("Authorization", "Bearer " + h.token());
    }
    if (h.contentType() != null) {
      headers.put("Content-Type", h.contentType());
    }
    return RawHttp.send(server.port(), h.method(), h.path(), headers, h.body());
  }

  private static String snapshot() {
    return server.store().read(tx -> tx.feed().currentSeq() + "/"
        + tx.revisions().revisionCount(seeded.id()) + "/"
        + tx.feed().changes(new Scope(Scope.Kind.TEAM, "team-dw"), "u-erin", 0, Long.MAX_VALUE,
            10_000, null)
        + "/" + tx.conflicts().list(new ConflictFilter(null, null, null,
            null, null), 100));
  }
}
