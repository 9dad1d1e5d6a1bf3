package org.fieldsync.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.UUID;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.server.store.StoreException;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.wire.Problem;
import org.fieldsync.server.store.CorruptStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error a client sees: a JSON problem ({@code application/problem+json}) with a stable
 * code, a message for people and the request id. Unexpected failures are logged here with the
 * request id and answered {@code server.internal}; no exception text or stack trace is ever
 * written to a client.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  /** Context key of the listener told of refused access, set by the API's first handler. */
  static final String REFUSALS = "refusals";

  private Problems() {}

  public static String requestId(RoutingContext ctx) {
    return RequestIds.of(ctx);
  }

  public static void send(RoutingContext ctx, int status, String code, String message,
      List<FieldError> errors) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if ((status == 401 || status == 403) && !ErrorCodes.AUTH_CREDENTIALS_INVALID.equals(code)) {
      RefusalListener refusals = ctx.get(REFUSALS);
      if (refusals != null) {
        refusals.refused(ctx.get(Auth.PRINCIPAL), ctx.request().method() + " "
            + ctx.request().path(), status, code);
      }
    }
    Problem p = new Problem(code, message, status, requestId(ctx), errors);
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"fieldsync\"");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(Buffer.buffer(ProtocolCodec.encode(p)));
  }

  /**
   * A request HTTP itself could not read (a space in the path, an over-long line or header):
   * answered as a problem like everything else, and the connection closed.
   */
  public static void invalidRequest(HttpServerRequest req) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    Problem p = new Problem(ErrorCodes.REQUEST_MALFORMED, status == 414 ? "the request line is"
        + " too long" : status == 431 ? "the request headers are too large"
        : "the HTTP request could not be read", status, UUID.randomUUID().toString(),
        List.of());
    req.response().setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Connection", "close")
        .end(Buffer.buffer(ProtocolCodec.encode(p)))
        .onComplete(x -> req.connection().close());
  }

  /** Router failure handler: maps whatever failed to a problem. */
  public static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof ApiException a) {
      if (a.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
        ctx.response().putHeader("Retry-After", Long.toString(a.retryAfterSeconds()));
      }
      send(ctx, a.status(), a.code(), a.getMessage(), a.errors());
    } else if (t instanceof ProtocolException p) {
      int status = ErrorCodes.REQUEST_BODY_TOO_LARGE.equals(p.code()) ? 413
          : ErrorCodes.CHECKPOINT_RESET.equals(p.code()) ? 410 : 400;
      send(ctx, status, p.code(), p.getMessage(), p.field() == null ? List.of()
          : List.of(new FieldError(p.field(), p.code(), p.getMessage())));
    } else if (corrupt(t) != null) {
      try (RequestIds.Scope s = RequestIds.enter(ctx)) {
        LOG.error("request {} {} {} refused, the store is damaged: {}", requestId(ctx),
            ctx.request().method(), ctx.request().path(), corrupt(t).getMessage());
      }
      send(ctx, 500, ErrorCodes.STORE_CORRUPT, "the server's stored copy of what this request"
          + " needs does not match its digest, so it is not served; nothing of yours is lost."
          + " Try again later, and quote the request id to support", List.of());
    } else if (t instanceof StoreException s && s.badText()) {
      send(ctx, 400, ErrorCodes.REQUEST_BODY_INVALID, "the request holds a NUL character,"
          + " which no text here may hold", List.of());
    } else if (t instanceof StoreException s && s.unavailable()) {
      ctx.response().putHeader("Retry-After", "2");
      send(ctx, 503, ErrorCodes.SERVER_UNAVAILABLE, "the server cannot reach its database just"
          + " now; nothing was done, so send the request again", List.of());
    } else if (t == null || t instanceof HttpException) {
      int status = t == null ? ctx.statusCode() : ((HttpException) t).getStatusCode();
      byStatus(ctx, status <= 0 ? 500 : status);
    } else {
      try (RequestIds.Scope s = RequestIds.enter(ctx)) {
        LOG.error("request {} {} {} failed", requestId(ctx), ctx.request().method(),
            ctx.request().path(), t);
      }
      send(ctx, 500, ErrorCodes.SERVER_INTERNAL,
          "the server could not complete the request; quote the request id to support",
          List.of());
    }
  }

  /** The damaged-store failure behind {@code t}, if that is what it is. */
  private static CorruptStoreException corrupt(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CorruptStoreException e) {
        return e;
      }
    }
    return null;
  }

  /** Problems for plain status codes (404, 405, 413 from the body handler, …). */
  public static void byStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 400 -> send(ctx, 400, ErrorCodes.REQUEST_BODY_MALFORMED, "the request is malformed",
          List.of());
      case 401 -> send(ctx, 401, ErrorCodes.AUTH_REQUIRED, "sign in first", List.of());
      case 404 -> send(ctx, 404, ErrorCodes.ROUTE_NOT_FOUND, "no such endpoint", List.of());
      case 405 -> send(ctx, 405, ErrorCodes.METHOD_NOT_ALLOWED,
          "this endpoint does not accept " + ctx.request().method(), List.of());
      case 413 -> send(ctx, 413, ErrorCodes.REQUEST_BODY_TOO_LARGE,
          "the request body is larger than this server accepts", List.of());
      case 415 -> send(ctx, 415, ErrorCodes.REQUEST_CONTENT_TYPE,
          "send application/json", List.of());
      default -> {
        if (status >= 500) {
          try (RequestIds.Scope s = RequestIds.enter(ctx)) {
            LOG.error("request {} {} {} answered {}", requestId(ctx), ctx.request().method(),
                ctx.request().path(), status);
          }
          send(ctx, 500, ErrorCodes.SERVER_INTERNAL,
              "the server could not complete the request; quote the request id to support",
              List.of());
        } else {
          send(ctx, status, "http." + status, "the request was refused", List.of());
        }
      }
    }
  }
}
