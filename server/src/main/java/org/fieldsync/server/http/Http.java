package org.fieldsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * What a route needs from the HTTP layer, handed to every {@link RouteModule}: sign-in, bodies,
 * blocking work off the event loop, answers, and the caller. One per verticle instance.
 *
 * <p>Logging inside {@link #blocking}, {@link #worker} and anything after {@link #auth()} carries
 * the request id (see {@link RequestIds}); a callback of a route's own is wrapped in
 * {@link RequestIds#carry} where it logs.
 */
public final class Http {
  /** Every API route starts with this. */
  public static final String PREFIX = "/api/v1";

  private final Vertx vertx;
  private final BodyHandler bodyHandler;
  private final long maxBodyBytes;
  private final Handler<RoutingContext> auth;
  private final Handler<RoutingContext> socketAuth;
  private final List<Runnable> onStop = new ArrayList<>();
  private final Clock clock;

  Http(Vertx vertx, long maxBodyBytes, Authenticator authenticator, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    // Bodies are read only on the routes that take one: a body handler on the WebSocket GET
    // would consume the upgrade request, and a catch-all route would turn 404s into 405s.
    this.bodyHandler = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    this.auth = new Auth(authenticator, false)::handle;
    this.socketAuth = new Auth(authenticator, true)::handle;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The server's time (epoch ms) on its injected clock: what routes stamp rows with. */
  public long now() {
    return clock.millis();
  }

  /** The server's injected clock. */
  public Clock clock() {
    return clock;
  }

  /**
   * Requires a valid bearer token in the {@code Authorization} header; the caller is then
   * {@link #principal}.
   */
  public Handler<RoutingContext> auth() {
    return auth;
  }

  /**
   * Sign-in for a WebSocket upgrade: as {@link #auth()}, or with the token in the
   * {@code access_token} query parameter, since a browser's WebSocket cannot send headers. For
   * the upgrade route only.
   */
  public Handler<RoutingContext> socketAuth() {
    return socketAuth;
  }

  /** Runs {@code action} when this verticle instance stops (it owns a per-instance resource). */
  public void onStop(Runnable action) {
    onStop.add(action);
  }

  void stop() {
    onStop.forEach(Runnable::run);
  }

  /**
   * For routes that take a JSON body: refuses other content types (415, before any form or
   * multipart decoding can start), then reads the body within the size limit.
   */
  public Handler<RoutingContext> bodies() {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null) {
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
          Problems.send(ctx, 415, ErrorCodes.REQUEST_CONTENT_TYPE,
              "send the body as application/json", List.of());
          return;
        }
      }
      read(ctx);
    };
  }

  /** Reads the body within the limit, unless its Content-Encoding is one the server cannot undo. */
  private void read(RoutingContext ctx) {
    if (!RequestBodies.readable(ctx)) {
      Problems.send(ctx, 415, ErrorCodes.REQUEST_CONTENT_ENCODING,
          "send the body as it is, or with Content-Encoding: gzip", List.of());
      return;
    }
    bodyHandler.handle(ctx);
  }

  /**
   * For routes that take raw bytes of one of {@code mediaTypes} (attachments): refuses any other
   * content type with 415, then reads the body within the size limit.
   */
  public Handler<RoutingContext> rawBodies(Set<String> mediaTypes) {
    return ctx -> {
      String media = mediaType(ctx);
      if (!mediaTypes.contains(media)) {
        Problems.send(ctx, 415, ErrorCodes.REQUEST_CONTENT_TYPE,
            "send the attachment as one of " + new TreeSet<>(mediaTypes), List.of());
        return;
      }
      read(ctx);
    };
  }

  /** The request's media type, lower case without parameters; empty when none was sent. */
  public String mediaType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Runs blocking work on a worker and answers with its JSON, or fails the context. The answer
   * is encoded on the worker too: a page of a thousand records is no work for an event loop.
   */
  public <T> void blocking(RoutingContext ctx, Callable<T> work, int status) {
    worker(ctx, () -> ProtocolCodec.encode(work.call())).onComplete(ar -> {
      try (RequestIds.Scope s = RequestIds.enter(ctx)) {
        if (ar.succeeded()) {
          json(ctx, status, ar.result());
        } else {
          ctx.fail(ar.cause());
        }
      }
    });
  }

  /** Runs blocking work on a worker (unordered), with the request id in the MDC. */
  public <T> Future<T> worker(RoutingContext ctx, Callable<T> work) {
    return vertx.executeBlocking(RequestIds.carry(ctx, work), false);
  }

  public void json(RoutingContext ctx, int status, String body) {
    json(ctx, status, body.getBytes(StandardCharsets.UTF_8));
  }

  public void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(body));
  }

  /** The request body, required to be JSON; decompressed when it was sent gzipped. */
  public byte[] body(RoutingContext ctx) {
    byte[] body = RequestBodies.decoded(ctx, maxBodyBytes);
    if (body.length == 0) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_MALFORMED, "a JSON body is required");
    }
    return body;
  }

  /** The request body as raw bytes (an attachment), decompressed when it was sent gzipped. */
  public byte[] rawBody(RoutingContext ctx) {
    return RequestBodies.decoded(ctx, maxBodyBytes);
  }

  /** A query parameter; a malformed percent-encoding is the client's error, not ours. */
  public String param(RoutingContext ctx, String name) {
    return Auth.param(ctx, name);
  }

  /** The authenticated caller; set by {@link #auth()}. */
  public Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(Auth.PRINCIPAL);
    if (p == null) {
      throw new ApiException(401, ErrorCodes.AUTH_REQUIRED, "sign in first");
    }
    return p;
  }

  /** Refuses unless the caller has one of the roles. */
  public void requireRole(RoutingContext ctx, String... roles) {
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
