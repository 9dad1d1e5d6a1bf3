package org.fieldsync.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.protocol.ErrorCodes;

/**
 * A node's graceful stop, as the HTTP layer sees it: once {@link #start() draining}, every new
 * request but the health checks is answered {@code 503 server.draining} with
 * {@code Retry-After: 1} (a push refused so was not stored, so the client sends it again, to
 * another node behind the balancer or to this one after its restart), while requests already
 * being served run to their answer. {@link #inFlight()} is what the stop waits for.
 */
public final class Drain {
  /** Paths still answered while draining, so the balancer can see the node leave. */
  private static final List<String> ALWAYS = List.of("/health/");

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  /** Stops taking new work. */
  public void start() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /** Requests being served now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The first handler of every request: refuses it while draining, else counts it. */
  void handle(RoutingContext ctx) {
    String path = ctx.request().path(); // raw: a malformed escape is for the route to refuse
    if (draining && ALWAYS.stream().noneMatch(path::startsWith)) {
      ctx.response().putHeader("Retry-After", "1").putHeader("Connection", "close");
      Problems.send(ctx, 503, ErrorCodes.SERVER_UNAVAILABLE, "this server is stopping; send the"
          + " request again (it was not acted on)", List.of());
      return;
    }
    if (ctx.request().canUpgradeToWebSocket()) {
      // A poke socket is not a request to wait for: once upgraded its exchange never ends, and
      // the stop closes every socket itself (1012). Counted, each would hold the drain to its
      // time limit.
      ctx.next();
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(v -> inFlight.decrementAndGet());
    ctx.next();
  }
}
