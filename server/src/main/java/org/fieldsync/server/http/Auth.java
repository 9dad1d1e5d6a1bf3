package org.fieldsync.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.fieldsync.protocol.ErrorCodes;

/**
 * Requires a valid bearer token from the {@code Authorization} header. Only the WebSocket upgrade
 * (browsers cannot give it headers) may carry it in the {@code access_token} query parameter
 * instead: a token in any other URL would end up in proxy logs, browser history and
 * {@code Referer} headers. Routes use it through {@link Http#auth()} and
 * {@link Http#socketAuth()}.
 */
final class Auth {
  static final String PRINCIPAL = "principal";
  private final Authenticator tokens;
  private final boolean queryToken;

  Auth(Authenticator tokens, boolean queryToken) {
    this.tokens = tokens;
    this.queryToken = queryToken;
  }

  void handle(RoutingContext ctx) {
    // Usually called back by the body reader, with no request id in the MDC yet.
    try (RequestIds.Scope s = RequestIds.enter(ctx)) {
      String header = ctx.request().getHeader("Authorization");
      String token = null;
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        token = header.substring(7).trim();
      } else if (header == null && queryToken) {
        token = param(ctx, "access_token");
      }
      if (token == null || token.isEmpty()) {
        Problems.send(ctx, 401, ErrorCodes.AUTH_REQUIRED, "sign in first: send a bearer token",
            List.of());
        return;
      }
      tokens.verify(token).onComplete(ar -> {
        try (RequestIds.Scope inner = RequestIds.enter(ctx)) {
          if (ar.succeeded()) {
            ctx.put(PRINCIPAL, ar.result());
            ctx.next();
          } else {
            Problems.send(ctx, 401, ErrorCodes.AUTH_TOKEN_INVALID,
                "the token is invalid or has expired; sign in again", List.of());
          }
        }
      });
    }
  }

  /** A query parameter; a malformed percent-encoding is the client's error, not ours. */
  static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          "the query string is not valid URL encoding");
    }
  }
}
