package org.fieldsync.server.ops;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.http.Drain;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health for load balancers and orchestrators, without sign-in:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process serves HTTP at all (restart it if not).
 *   <li>{@code GET /health/ready}: 200 when this node should get traffic: the store answers
 *       within {@value #READY_TIMEOUT_MS} ms and its schema is at least the version this node
 *       migrated to; 503 while the node drains (SIGTERM) or the store is unreachable or behind.
 *   <li>{@code GET /api/v1/health}: as before, up and on which store.
 * </ul>
 */
public final class HealthRoutes implements RouteModule {
  static final long READY_TIMEOUT_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

  private final Store store;
  private final Drain drain;

  public HealthRoutes(Store store, Drain drain) {
    this.store = store;
    this.drain = drain;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/health").handler(ctx -> http.json(ctx, 200,
        "{\"status\":\"ok\",\"store\":\"" + store.kind() + "\"}"));
    router.get("/health/live").handler(ctx -> http.json(ctx, 200, "{\"status\":\"live\"}"));
    router.get("/health/ready").handler(ctx -> ready(ctx, http));
  }

  private void ready(RoutingContext ctx, Http http) {
    if (drain.draining()) {
      answer(ctx, http, 503, "draining", "this node is stopping");
      return;
    }
    Future<Boolean> check = http.vertx().executeBlocking(store::ready, false);
    long timer = http.vertx().setTimer(READY_TIMEOUT_MS, t ->
        answer(ctx, http, 503, "unavailable", "the store did not answer in time"));
    check.onComplete(ar -> {
      http.vertx().cancelTimer(timer);
      if (ar.failed()) {
        LOG.warn("readiness: store unreachable: {}", ar.cause().getMessage());
        answer(ctx, http, 503, "unavailable", "the store cannot be reached");
      } else if (!ar.result()) {
        answer(ctx, http, 503, "unavailable", "the store's schema is older than this node's");
      } else {
        answer(ctx, http, 200, "ready", null);
      }
    });
  }

  private void answer(RoutingContext ctx, Http http, int status, String state, String reason) {
    if (ctx.response().ended()) {
      return;
    }
    Map<String, Object> body = reason == null
        ? Map.of("status", state, "store", store.kind())
        : Map.of("status", state, "store", store.kind(), "reason", reason);
    http.json(ctx, status, ProtocolCodec.encode(body));
  }
}
