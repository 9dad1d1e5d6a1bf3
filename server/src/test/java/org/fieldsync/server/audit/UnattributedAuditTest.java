package org.fieldsync.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.AuditEntry;
import org.fieldsync.server.store.SqliteStore;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests with no valid identity cannot grow the audit chain a row each: they are counted and
 * written as one summary row per action and period. Everything done by someone signed in stays a
 * row of its own.
 */
class UnattributedAuditTest {
  @TempDir Path tmp;

  private static List<JsonNode> trail(Api api, String auditor) {
    List<JsonNode> out = new ArrayList<>();
    Api.json(api.send("GET", "/api/v1/audit?limit=1000", auditor, null)).get("entries")
        .forEach(out::add);
    return out;
  }

  @Test
  void twoHundredGarbageTokensAddOneSummaryRowNotTwoHundred() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      Api api = new Api(server.port());
      String iris = api.token("au.iris");
      long before = trail(api, iris).size();
      for (int i = 0; i < 200; i++) {
        RawHttp.Response r = RawHttp.send(server.port(), "GET", "/api/v1/sync/changes",
            Map.of("Authorization", "Bearer x"), null);
        assertEquals(401, r.status());
      }
      List<JsonNode> after = trail(api, iris);
      List<JsonNode> added = after.subList((int) before, after.size());
      assertEquals(1, added.size(), "one summary row: " + added);
      JsonNode summary = added.get(0);
      assertEquals("access.refused", summary.get("action").asText());
      assertEquals("", summary.path("actor").asText(""), "no actor");
      JsonNode detail = ProtocolCodec.readTree(summary.get("detail").asText());
      assertEquals(200, detail.get("count").asInt(), detail.toString());
      assertEquals("GET /api/v1/sync/changes ×200", detail.get("targets").get(0).asText());
      assertTrue(Api.json(api.send("GET", "/api/v1/audit/verify", iris, null)).get("ok")
          .asBoolean());
    }
  }

  @Test
  void refusalsOfSomeoneSignedInStayARowEach() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      Api api = new Api(server.port());
      String iris = api.token("au.iris");
      String alice = api.token("fw.alice");
      long before = trail(api, iris).size();
      for (int i = 0; i < 5; i++) {
        assertEquals(403, api.send("GET", "/api/v1/audit", alice, null).status());
      }
      List<JsonNode> after = trail(api, iris);
      List<JsonNode> added = after.subList((int) before, after.size());
      assertEquals(5, added.stream().filter(e -> e.get("action").asText()
          .equals("access.refused") && "u-alice".equals(e.get("actor").asText())).count(),
          added.toString());
    }
  }

  /** How many refusals without an actor the summary rows count together. */
  private static int refusedCounted(List<AuditEntry> rows) {
    return rows.stream().filter(e -> e.actor() == null && e.action().equals("access.refused"))
        .mapToInt(e -> ProtocolCodec.readTree(e.detail()).get("count").asInt()).sum();
  }

  @Test
  void summariesAreWrittenEveryPeriodAndNamesAreBounded() throws Exception {
    Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
    Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
    try (SqliteStore store = new SqliteStore(tmp.resolve("store"));
        AuditService audit = new AuditService(store, clock, Duration.ofMillis(50))) {
      for (int i = 0; i < 1_000; i++) {
        audit.accessRefused(null, "GET /api/v1/records/" + i + "/history", 401,
            "auth.required");
      }
      audit.record(AuditEvent.anonymous("login.failed", "fw.nobody"));
      audit.accessRefused(new Principal("u-alice", "fw.alice", List.of("family_worker"), null),
          "GET /api/v1/audit", 403, "scope.role.forbidden");
      // The scheduled summaries, on their own (a bounded wait, no sleep). Several periods may
      // pass while the events are recorded: together they count every one.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<AuditEntry> rows = List.of();
      while (refusedCounted(rows) < 1_000 && System.nanoTime() < deadline) {
        rows = store.read(tx -> tx.audit().entries(0, 1_000));
        Thread.onSpinWait();
      }
      assertEquals(1_000, refusedCounted(rows), rows.toString());
      assertTrue(rows.size() < 1_000 / 10, "summaries, not a row each: " + rows.size());
      for (AuditEntry e : rows) {
        if (e.actor() == null && e.action().equals("access.refused")) {
          JsonNode d = ProtocolCodec.readTree(e.detail());
          assertTrue(d.get("targets").size() <= 10, "at most ten targets kept: " + d);
          int named = 0;
          for (JsonNode t : d.get("targets")) {
            named += Integer.parseInt(t.asText().substring(t.asText().lastIndexOf('×') + 1));
          }
          assertEquals(d.get("count").asInt(), named + d.path("otherTargets").asInt(0),
              "the rest only counted: " + d);
          assertEquals(t0.toEpochMilli(), d.get("from").asLong());
        }
      }
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((rows.stream().noneMatch(e -> e.action().equals("login.failed"))
          || rows.stream().noneMatch(e -> "u-alice".equals(e.actor())))
          && System.nanoTime() < deadline) {
        rows = store.read(tx -> tx.audit().entries(0, 1_000));
        Thread.onSpinWait();
      }
      assertTrue(rows.stream().anyMatch(e -> e.actor() == null
          && e.action().equals("login.failed")));
      assertEquals(1, rows.stream().filter(e -> "u-alice".equals(e.actor())).count(),
          "an attributed refusal is a row of its own");
      assertTrue(AuditService.verify(store).ok());
    }
  }
}
