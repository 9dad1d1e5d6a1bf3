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
  /** A device's refresh folded into a request, instead of a bearer token (decision 0038). */
  static final String REFRESH_HEADER = "FieldSync-Refresh";
  /** The answer's new access token, its lifetime in seconds, and the next refresh token. */
  static final String ACCESS_TOKEN_HEADER = "FieldSync-Access-Token";
  static final String EXPIRES_IN_HEADER = "FieldSync-Access-Token-Expires-In";
  static final String NEXT_REFRESH_HEADER = "FieldSync-Refresh-Token";
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
      String folded = ctx.request().getHeader(REFRESH_HEADER);
      if (header == null && folded != null && !queryToken) {
        refreshed(ctx, folded);
        return;
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

  /**
   * A request with a refresh folded in ({@code FieldSync-Refresh: <deviceId> <refreshToken>
   * <signature>}) instead of a bearer token: spends the refresh token and answers the new tokens
   * in response headers, whatever the request then does (the presented one is spent either way).
   */
  private void refreshed(RoutingContext ctx, String folded) {
    String[] parts = folded.trim().split(" ");
    if (parts.length != 3 || parts[0].length() > 128 || parts[1].length() > 100
        || parts[2].length() > 200) {
      Problems.send(ctx, 400, ErrorCodes.REQUEST_PARAM_INVALID, REFRESH_HEADER
          + " must be '<deviceId> <refreshToken> <signature>'", List.of());
      return;
    }
    tokens.refresh(parts[0], parts[1], parts[2]).onComplete(ar -> {
      try (RequestIds.Scope inner = RequestIds.enter(ctx)) {
        if (ar.succeeded()) {
          Authenticator.Refreshed r = ar.result();
          ctx.response().putHeader(ACCESS_TOKEN_HEADER, r.accessToken())
              .putHeader(EXPIRES_IN_HEADER, Long.toString(r.expiresIn()))
              .putHeader(NEXT_REFRESH_HEADER, r.refreshToken());
          ctx.put(PRINCIPAL, r.caller());
          ctx.next();
        } else if (ar.cause() instanceof ApiException e) {
          Problems.send(ctx, e.status(), e.code(), e.getMessage(), List.of());
        } else {
          Problems.send(ctx, 401, ErrorCodes.AUTH_REFRESH_INVALID,
              "this refresh is not valid; sign in with the password", List.of());
        }
      }
    });
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
