package org.fieldsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.Services;
import org.fieldsync.server.admin.AllocationRoutes;
import org.fieldsync.server.audit.AuditRoutes;
import org.fieldsync.server.admin.ConflictRoutes;
import org.fieldsync.server.admin.DeviceRoutes;
import org.fieldsync.server.caserecord.HistoryRoutes;
import org.fieldsync.server.caserecord.RestrictionRoutes;
import org.fieldsync.server.caserecord.SignOffRoutes;
import io.vertx.ext.web.handler.StaticHandler;
import org.fieldsync.server.auth.AuthRoutes;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.caserecord.TimelineRoutes;
import org.fieldsync.server.sync.PokeHub;
import org.fieldsync.server.sync.SyncRoutes;

/**
 * The HTTP API: one router under {@code /api/v1}, one problem mapping for every failure. Several
 * instances may be deployed (one per event loop); they share the services, and each owns its
 * WebSockets.
 */
public final class ApiVerticle extends VerticleBase {
  public static final String PREFIX = "/api/v1";

  private final Services services;
  private final Promise<Integer> boundPort;
  private final Promise<List<String>> routeTable;
  private HttpServer server;
  private PokeHub pokes;
  private BodyHandler bodies;

  public ApiVerticle(Services services, Promise<Integer> boundPort,
      Promise<List<String>> routeTable) {
    this.services = services;
    this.boundPort = boundPort;
    this.routeTable = routeTable;
  }

  @Override
  public Future<?> start() {
    pokes = new PokeHub(vertx);
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.put(Problems.AUDIT, services.audit());
      Problems.assignRequestId(ctx);
    });
    // Bodies are read only on the routes that take one: a body handler on the WebSocket GET
    // would consume the upgrade request, and a catch-all route would turn 404s into 405s.
    bodies = BodyHandler.create(false).setBodyLimit(services.config().maxBodyBytes());
    Auth auth = new Auth(services.tokens());

    router.get(PREFIX + "/health").handler(ctx -> json(ctx, 200,
        "{\"status\":\"ok\",\"store\":\"" + services.store().kind() + "\"}"));
    new AuthRoutes(services, this).mount(router, auth);
    new SyncRoutes(services, this, pokes).mount(router, auth);
    new TimelineRoutes(services, this).mount(router, auth);
    new AllocationRoutes(services, this).mount(router, auth);
    new ConflictRoutes(services, this).mount(router, auth);
    new DeviceRoutes(services, this).mount(router, auth);
    new HistoryRoutes(services, this).mount(router, auth);
    new SignOffRoutes(services, this).mount(router, auth);
    new org.fieldsync.server.caserecord.FnspDecisionRoutes(services, this).mount(router, auth);
    new org.fieldsync.server.caserecord.AttachmentRoutes(services, this).mount(router, auth);
    new RestrictionRoutes(services, this).mount(router, auth);
    new AuditRoutes(services, this).mount(router, auth);
    // The sync admins' console: static files, no build step. Strict CSP: only our own scripts.
    router.get("/admin*").handler(ctx -> {
      if (ctx.request().path().equals("/admin")) {
        ctx.redirect("/admin/");
        return;
      }
      // Only the console's own flat file names: nothing that normalises elsewhere (../, %2e).
      String file = ctx.normalizedPath().startsWith("/admin/")
          ? ctx.normalizedPath().substring("/admin/".length()) : null;
      if (file == null || !file.matches("[A-Za-z0-9_-]*(\\.[A-Za-z0-9]+)?")) {
        Problems.byStatus(ctx, 404);
        return;
      }
      ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; "
              + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });
    router.get("/admin/*").handler(StaticHandler.create("webroot/admin")
        .setCachingEnabled(false).setDirectoryListing(false).setIndexPage("index.html"));

    routeTable.tryComplete(describe(router));
    router.route().failureHandler(Problems::onFailure);
    for (int status : new int[] {400, 401, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> Problems.byStatus(ctx, status));
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(services.config().host())
        .setPort(services.config().port())
        .setMaxWebSocketFrameSize(64 * 1024)
        .setCompressionSupported(true);
    if (services.config().tls()) {
      options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
          .setCertPath(services.config().tlsCert()).setKeyPath(services.config().tlsKey()));
    }
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .invalidRequestHandler(Problems::invalidRequest)
        .listen()
        .onSuccess(s -> {
          server = s;
          boundPort.tryComplete(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    if (pokes != null) {
      pokes.close();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * For routes that take a JSON body: refuses other content types (415, before any form or
   * multipart decoding can start), then reads the body within the size limit.
   */
  public Handler<RoutingContext> bodies() {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null) {
        String media = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
          Problems.send(ctx, 415, ErrorCodes.REQUEST_CONTENT_TYPE,
              "send the body as application/json", List.of());
          return;
        }
      }
      bodies.handle(ctx);
    };
  }

  /**
   * For routes that take raw bytes of one of {@code mediaTypes} (attachments): refuses any other
   * content type with 415, then reads the body within the size limit.
   */
  public Handler<RoutingContext> rawBodies(java.util.Set<String> mediaTypes) {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      String media = type == null ? "" : type.split(";", 2)[0].trim()
          .toLowerCase(java.util.Locale.ROOT);
      if (!mediaTypes.contains(media)) {
        Problems.send(ctx, 415, ErrorCodes.REQUEST_CONTENT_TYPE,
            "send the attachment as one of " + new java.util.TreeSet<>(mediaTypes), List.of());
        return;
      }
      bodies.handle(ctx);
    };
  }

  /** Each route with a path, as "METHOD /path" (a route for any method says "ANY"). */
  static List<String> describe(Router router) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (io.vertx.ext.web.Route r : router.getRoutes()) {
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

  /** Runs blocking work on a worker and answers with its JSON, or fails the context. */
  public <T> void blocking(RoutingContext ctx, Callable<T> work, int status) {
    vertx.executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ProtocolCodec.encode(ar.result()));
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  public static void json(RoutingContext ctx, int status, String body) {
    json(ctx, status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(body));
  }

  /** The request body, required to be JSON. */
  public static byte[] body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_MALFORMED, "a JSON body is required");
    }
    return ctx.body().buffer().getBytes();
  }

  /** A query parameter; a malformed percent-encoding is the client's error, not ours. */
  public static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          "the query string is not valid URL encoding");
    }
  }

  /** The authenticated caller; set by {@link Auth}. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(Auth.PRINCIPAL);
    if (p == null) {
      throw new ApiException(401, ErrorCodes.AUTH_REQUIRED, "sign in first");
    }
    return p;
  }

  /** Refuses unless the caller has one of the roles. */
  public static void requireRole(RoutingContext ctx, String... roles) {
    Principal p = principal(ctx);
    for (String r : roles) {
      if (p.has(r)) {
        return;
      }
    }
    throw new ApiException(403, ErrorCodes.SCOPE_ROLE_FORBIDDEN,
        "this needs one of the roles " + List.of(roles));
  }
}
