package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.RemovedChange;
import org.fieldsync.server.testing.Revs;
import org.junit.jupiter.api.Test;

/** Paging with checkpoints, back-fill of a newly allocated case, and removal of a moved one. */
class ChangeFeedTest extends ServerTestBase {

  private Future<Void> pushVisits(String token, String caseId, String kid, int n) {
    List<Revision> revs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      revs.add(Revs.newVisit(caseId, List.of(kid), "u-alice", "d", 10_000 + i, "n" + i));
    }
    return f.push(token, ProtocolCodec.encodeToString(new PushRequest("d", revs))).mapEmpty();
  }

  private Future<ChangesPage> page(String token, String since, int limit) {
    String q = "/api/v1/sync/changes?limit=" + limit
        + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
    return f.get(token, q).map(r -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      return ProtocolCodec.decode(r.body().getBytes(), ChangesPage.class);
    });
  }

  /** Pulls every page from {@code since}; returns all changes and the last checkpoint. */
  private Future<List<Object>> drain(String token, String since, int limit, List<Object> acc) {
    return page(token, since, limit).compose(p -> {
      acc.addAll(p.changes());
      if (p.hasMore()) {
        assertTrue(p.changes().size() <= limit);
        return drain(token, p.checkpoint(), limit, acc);
      }
      acc.add(p.checkpoint());
      return Future.succeededFuture(acc);
    });
  }

  private static Set<String> ids(List<Object> changes) {
    Set<String> out = new HashSet<>();
    for (Object o : changes) {
      if (o instanceof RecordChange rc) {
        out.add(rc.revision().id());
      }
    }
    return out;
  }

  @Test
  void pagesFollowTheCheckpointAndNeverRepeatOrSkip(VertxTestContext ctx) {
    // Pushed from one of Alice's tablets, pulled on another (a device is not sent its own).
    f.token("fw.alice").compose(t -> f.token("fw.alice").compose(other ->
        pushVisits(t, "case-0001", "child-0001", 25)
            .compose(x -> drain(other, null, 7, new ArrayList<>()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<Object> changes = all.subList(0, all.size() - 1);
          assertEquals(25, changes.size());
          assertEquals(25, ids(changes).size());
          long last = 0;
          for (Object o : changes) {
            long seq = ((RecordChange) o).seq();
            assertTrue(seq > last, "sequence order");
            last = seq;
          }
          ctx.completeNow();
        })));
  }

  @Test
  void newlyAllocatedCaseIsBackFilledAndAMovedCaseIsRemoved(VertxTestContext ctx) {
    String[] t = new String[3]; // alice, bea, erin
    String[] beaCheckpoint = new String[1];
    f.token("fw.alice").compose(a -> {
      t[0] = a;
      return f.token("fw.bea");
    }).compose(b -> {
      t[1] = b;
      return f.token("tm.erin");
    }).compose(e -> {
      t[2] = e;
      return f.client.put("/api/v1/admin/cases/case-0004/allocations/u-alice")
          .putHeader("Authorization", "Bearer " + e).send();
    }).compose(r -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      return pushVisits(t[0], "case-0004", "child-0006", 12);
    }).compose(x -> drain(t[1], null, 5, new ArrayList<>())).compose(beaBefore -> {
      assertTrue(ids(beaBefore).isEmpty(), "bea does not hold case-0004 yet");
      beaCheckpoint[0] = (String) beaBefore.get(beaBefore.size() - 1);
      return f.client.put("/api/v1/admin/cases/case-0004/allocations/u-bea")
          .putHeader("Authorization", "Bearer " + t[2]).send();
    }).compose(r -> drain(t[1], beaCheckpoint[0], 5, new ArrayList<>())).compose(backfill -> {
      ctx.verify(() -> assertEquals(12, ids(backfill).size(), "the whole case is back-filled"));
      beaCheckpoint[0] = (String) backfill.get(backfill.size() - 1);
      return f.client.delete("/api/v1/admin/cases/case-0004/allocations/u-bea")
          .putHeader("Authorization", "Bearer " + t[2]).send();
    }).compose(r -> drain(t[1], beaCheckpoint[0], 5, new ArrayList<>()))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          List<Object> changes = after.subList(0, after.size() - 1);
          assertEquals(1, changes.size());
          RemovedChange removed = (RemovedChange) changes.get(0);
          assertEquals("case-0004", removed.caseId());
          assertFalse(ids(changes).iterator().hasNext());
          ctx.completeNow();
        })));
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer(VertxTestContext ctx) {
    var wrong = f.client.post("/api/v1/auth/login").sendJsonObject(
        new JsonObject().put("username", "fw.alice").put("password", "nope"));
    var unknown = f.client.post("/api/v1/auth/login").sendJsonObject(
        new JsonObject().put("username", "nobody").put("password", "nope"));
    Future.all(wrong, unknown).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertEquals(401, wrong.result().statusCode());
      assertEquals(401, unknown.result().statusCode());
      assertEquals("auth.credentials.invalid",
          wrong.result().bodyAsJsonObject().getString("code"));
      assertEquals(wrong.result().bodyAsJsonObject().getString("message"),
          unknown.result().bodyAsJsonObject().getString("message"));
      ctx.completeNow();
    })));
  }
}
