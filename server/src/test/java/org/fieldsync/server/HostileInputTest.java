package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.store.Scope;
import org.fieldsync.server.testing.Revs;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to every route gets a clear 4xx problem with a stable code, never a 5xx or a stack
 * trace, and leaves the stored data exactly as it was.
 */
class HostileInputTest extends ServerTestBase {

  /** One hostile request and the answer it must get. */
  record Case(String name, HttpMethod method, String path, String token, Buffer body,
      int status, String code) {}

  private static Buffer deep(int depth) {
    return Buffer.buffer("{\"revisions\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
  }

  private static Buffer json(String s) {
    return Buffer.buffer(s);
  }

  private List<Case> cases(String alice, String carl, String admin) {
    String push = "/api/v1/sync/push";
    Revision valid = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1, "x");
    List<Revision> huge = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      huge.add(valid);
    }
    String hugeBatch = ProtocolCodec.encodeToString(new PushRequest("d", huge));
    Buffer oversized = Buffer.buffer("{\"deviceId\":\"" + "x".repeat(300 * 1024) + "\"}");
    return List.of(
        new Case("login malformed", HttpMethod.POST, "/api/v1/auth/login", null, json("{nope"),
            400, "request.body.malformed"),
        new Case("login wrong types", HttpMethod.POST, "/api/v1/auth/login", null,
            json("{\"username\":5,\"password\":[]}"), 400, "request.body.invalid"),
        new Case("login oversized", HttpMethod.POST, "/api/v1/auth/login", null, oversized, 413,
            "request.body.tooLarge"),
        new Case("login deep", HttpMethod.POST, "/api/v1/auth/login", null, deep(200), 400,
            "request.body.tooDeep"),
        new Case("login empty", HttpMethod.POST, "/api/v1/auth/login", null, json(""), 400,
            "request.body.malformed"),
        new Case("push no token", HttpMethod.POST, push, null, json("{}"), 401, "auth.required"),
        new Case("push bad token", HttpMethod.POST, push, "not.a.jwt", json("{}"), 401,
            "auth.token.invalid"),
        new Case("push malformed", HttpMethod.POST, push, alice, json("{\"revisions\":[{]}"), 400,
            "request.body.malformed"),
        new Case("push not an object", HttpMethod.POST, push, alice, json("[1,2]"), 400,
            "request.body.invalid"),
        new Case("push wrong types", HttpMethod.POST, push, alice,
            json("{\"revisions\":[{\"id\":1,\"childIds\":\"c\",\"body\":{}}]}"), 400,
            "request.body.invalid"),
        new Case("push body not object", HttpMethod.POST, push, alice,
            json("{\"revisions\":[{\"id\":\"a\",\"body\":\"text\"}]}"), 400,
            "request.body.invalid"),
        new Case("push null item", HttpMethod.POST, push, alice, json("{\"revisions\":[null]}"),
            400, "request.body.invalid"),
        new Case("push huge batch", HttpMethod.POST, push, alice, json(hugeBatch), 413,
            "push.batch.tooLarge"),
        new Case("push oversized", HttpMethod.POST, push, alice, oversized, 413,
            "request.body.tooLarge"),
        new Case("push deep", HttpMethod.POST, push, alice, deep(100), 400,
            "request.body.tooDeep"),
        new Case("changes no token", HttpMethod.GET, "/api/v1/sync/changes", null, null, 401,
            "auth.required"),
        new Case("changes bad encoding", HttpMethod.GET, "/api/v1/sync/changes?since=%%%",
            alice, null, 400, "request.param.invalid"),
        new Case("changes garbage checkpoint", HttpMethod.GET,
            "/api/v1/sync/changes?since=garbage", alice, null, 400, "sync.checkpoint.invalid"),
        new Case("changes forged checkpoint", HttpMethod.GET,
            "/api/v1/sync/changes?since=eyJzIjotNX0", alice, null, 400, "sync.checkpoint.invalid"),
        new Case("changes bad limit", HttpMethod.GET, "/api/v1/sync/changes?limit=-1", alice,
            null, 400, "request.param.invalid"),
        new Case("ws no token", HttpMethod.GET, "/api/v1/sync/ws", null, null, 401,
            "auth.required"),
        new Case("ws not an upgrade", HttpMethod.GET, "/api/v1/sync/ws", alice, null, 400,
            "request.body.invalid"),
        new Case("timeline no token", HttpMethod.GET, "/api/v1/cases/case-0001/timeline", null,
            null, 401, "auth.required"),
        new Case("timeline other team", HttpMethod.GET, "/api/v1/cases/case-0001/timeline", carl,
            null, 403, "scope.case.notAllocated"),
        new Case("allocate as worker", HttpMethod.PUT,
            "/api/v1/admin/cases/case-0001/allocations/u-carl", alice, json("{}"), 403,
            "scope.role.forbidden"),
        new Case("allocate no token", HttpMethod.DELETE,
            "/api/v1/admin/cases/case-0001/allocations/u-alice", null, null, 401,
            "auth.required"),
        new Case("conflicts no token", HttpMethod.GET, "/api/v1/admin/conflicts", null, null,
            401, "auth.required"),
        new Case("conflicts as worker", HttpMethod.GET, "/api/v1/admin/conflicts", alice, null,
            403, "scope.role.forbidden"),
        new Case("conflicts bad status", HttpMethod.GET, "/api/v1/admin/conflicts?status=x",
            admin, null, 400, "request.param.invalid"),
        new Case("conflicts bad type", HttpMethod.GET, "/api/v1/admin/conflicts?type=pony",
            admin, null, 400, "request.param.invalid"),
        new Case("conflicts bad age", HttpMethod.GET,
            "/api/v1/admin/conflicts?minAgeHours=-3", admin, null, 400, "request.param.invalid"),
        new Case("conflict unknown", HttpMethod.GET, "/api/v1/admin/conflicts/nope", admin, null,
            404, "conflict.notFound"),
        new Case("resolve unknown", HttpMethod.POST, "/api/v1/admin/conflicts/nope/resolve",
            admin, json("{\"reason\":\"r\",\"choices\":{}}"), 404, "conflict.notFound"),
        new Case("resolve malformed", HttpMethod.POST, "/api/v1/admin/conflicts/nope/resolve",
            admin, json("{nope"), 400, "request.body.malformed"),
        new Case("resolve not an object", HttpMethod.POST,
            "/api/v1/admin/conflicts/nope/resolve", admin, json("[1]"), 400,
            "request.body.invalid"),
        new Case("resolve as worker", HttpMethod.POST, "/api/v1/admin/conflicts/nope/resolve",
            alice, json("{}"), 403, "scope.role.forbidden"),
        new Case("resolve deep", HttpMethod.POST, "/api/v1/admin/conflicts/nope/resolve", admin,
            deep(100), 400, "request.body.tooDeep"),
        new Case("devices as worker", HttpMethod.GET, "/api/v1/admin/devices", alice, null, 403,
            "scope.role.forbidden"),
        new Case("history unknown", HttpMethod.GET, "/api/v1/records/nope/history", alice, null,
            404, "record.notFound"),
        new Case("history no token", HttpMethod.GET, "/api/v1/records/nope/history", null, null,
            401, "auth.required"),
        new Case("sign-off no token", HttpMethod.POST, "/api/v1/records/nope/sign-off", null,
            null, 401, "auth.required"),
        new Case("sign-off as worker", HttpMethod.POST, "/api/v1/records/nope/sign-off", alice,
            null, 403, "scope.role.forbidden"),
        new Case("unknown route", HttpMethod.GET, "/api/v1/nothing", null, null, 404,
            "route.notFound"),
        new Case("wrong method", HttpMethod.DELETE, "/api/v1/health", null, null, 405,
            "method.notAllowed"));
  }

  private Future<HttpResponse<Buffer>> send(Case c) {
    HttpRequest<Buffer> req = f.client.request(c.method(), c.path());
    if (c.token() != null) {
      req.putHeader("Authorization", "Bearer " + c.token());
    }
    return c.body() == null ? req.send() : req.sendBuffer(c.body());
  }

  /** What is stored, as a comparable summary: the sequence and every current record. */
  private Future<String> snapshot(Vertx vertx) {
    var store = f.server.store();
    var team = new Scope(
        Scope.Kind.TEAM, "team-dw");
    return vertx.executeBlocking(() -> store.read(tx -> tx.feed().currentSeq() + "/"
        + tx.feed().changes(team, "u-erin", 0, Long.MAX_VALUE, 10_000, null)));
  }

  @Test
  void hostileInputToEveryRouteGetsAClearProblemAndHarmsNothing(Vertx vertx,
      VertxTestContext ctx) {
    String validPush = ProtocolCodec.encodeToString(new PushRequest("d", List.of(
        Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 5, "kept"))));
    String[] tokens = new String[3];
    String[] before = new String[1];
    Future<Void> chain = f.token("fw.alice").compose(a -> {
      tokens[0] = a;
      return f.token("fw.carl");
    }).compose(c -> {
      tokens[1] = c;
      return f.token("admin.gus");
    }).compose(g -> {
      tokens[2] = g;
      return f.push(tokens[0], validPush);
    }).compose(ok -> snapshot(vertx)).map(s -> {
      before[0] = s;
      return null;
    });
    chain = chain.compose(x -> {
      Future<Void> each = Future.succeededFuture();
      for (Case c : cases(tokens[0], tokens[1], tokens[2])) {
        each = each.compose(y -> send(c).map(r -> {
          ctx.verify(() -> check(c, r));
          return null;
        }));
      }
      return each;
    });
    chain.compose(x -> snapshot(vertx)).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
      assertTrue(before[0].contains("kept"), "the valid push is stored");
      assertEquals(before[0], after, "stored data changed");
      ctx.completeNow();
    })));
  }

  private static void check(Case c, HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    assertEquals(c.status(), r.statusCode(), c.name() + ": " + body);
    assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), c.name());
    JsonObject p = new JsonObject(body);
    assertEquals(c.code(), p.getString("code"), c.name());
    assertNotNull(p.getString("message"), c.name());
    assertNotNull(p.getString("requestId"), c.name());
    assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains(".java"),
        c.name() + " leaked internals: " + body);
  }
}
