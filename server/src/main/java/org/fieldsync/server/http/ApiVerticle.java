package org.fieldsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;

/**
 * The HTTP server: one router, the request id and refusal listener on every request, the routes
 * of the given {@link RouteModule}s, and one problem mapping for every failure. Several instances
 * may be deployed (one per event loop); they share the modules, and each has its own
 * {@link Http} (and so its own WebSockets).
 */
public final class ApiVerticle extends VerticleBase {
  /** The header carrying the server's time, epoch milliseconds. */
  public static final String SERVER_TIME = "X-Server-Time";

  private final HttpServerOptions options;
  private final long maxBodyBytes;
  private final Authenticator tokens;
  private final RefusalListener refusals;
  private final List<RouteModule> modules;
  private final Promise<Integer> boundPort;
  private final Promise<List<String>> routeTable;
  private final Drain drain;
  private final Clock clock;
  private HttpServer server;
  private Http http;

  /**
   * An API verticle.
   *
   * @param options where and how to listen (copied per instance)
   * @param maxBodyBytes the largest request body
   * @param tokens verifies bearer tokens
   * @param refusals told of every 401 and 403
   * @param modules the routes, mounted in this order
   * @param boundPort completed with the port once listening
   * @param routeTable completed with every route, as {@code "METHOD /path"}
   * @param drain refuses new requests once the node stops, and counts those in flight
   */
  public ApiVerticle(HttpServerOptions options, long maxBodyBytes, Authenticator tokens,
      RefusalListener refusals, List<RouteModule> modules, Promise<Integer> boundPort,
      Promise<List<String>> routeTable, Drain drain, Clock clock) {
    this.options = options;
    this.maxBodyBytes = maxBodyBytes;
    this.tokens = tokens;
    this.refusals = refusals;
    this.modules = List.copyOf(modules);
    this.boundPort = boundPort;
    this.routeTable = routeTable;
    this.drain = drain;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    http = new Http(vertx, maxBodyBytes, tokens, clock);
    Router router = Router.router(vertx);
    boolean tls = options.isSsl();
    router.route().handler(ctx -> {
      ctx.put(Problems.REFUSALS, refusals);
      Transport.headers(ctx.response(), ctx.request().path().startsWith(Http.PREFIX + "/"), tls);
      // The server's time on every answer, so a tablet can correct its clock (PROTOCOL section
      // 5) without a round trip of its own.
      ctx.addHeadersEndHandler(v -> ctx.response().putHeader(SERVER_TIME,
          Long.toString(clock.millis())));
      RequestIds.assign(ctx);
    });
    router.route().handler(drain::handle);
    for (RouteModule m : modules) {
      m.mount(router, http);
    }
    routeTable.tryComplete(describe(router));
    router.route().failureHandler(Problems::onFailure);
    for (int status : new int[] {400, 401, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> Problems.byStatus(ctx, status));
    }
    return vertx.createHttpServer(new HttpServerOptions(options))
        .requestHandler(router)
        .invalidRequestHandler(req -> {
          Transport.headers(req.response(), true, tls);
          Problems.invalidRequest(req);
        })
        .listen()
        .onSuccess(s -> {
          server = s;
          boundPort.tryComplete(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    if (http != null) {
      http.stop();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Each route with a path, as "METHOD /path" (a route for any method says "ANY"). */
  static List<String> describe(Router router) {
    TreeSet<String> out = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() == null) {
        continue;
      }
      if (r.methods() == null || r.methods().isEmpty()) {
        out.add("ANY " + r.getPath());
      } else {
        r.methods().forEach(m -> out.add(m.name() + " " + r.getPath()));
      }
    }
    return List.copyOf(out);
  }
}
