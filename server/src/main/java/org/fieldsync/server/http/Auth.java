package org.fieldsync.server.http;

import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.auth.TokenService;

/**
 * Requires a valid bearer token: from the {@code Authorization} header, or for WebSocket
 * upgrades (which browsers cannot give headers) the {@code access_token} query parameter.
 */
public final class Auth {
  static final String PRINCIPAL = "principal";
  private final TokenService tokens;

  Auth(TokenService tokens) {
    this.tokens = tokens;
  }

  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    } else if (header == null) {
      token = ApiVerticle.param(ctx, "access_token");
    }
    if (token == null || token.isEmpty()) {
      Problems.send(ctx, 401, ErrorCodes.AUTH_REQUIRED, "sign in first: send a bearer token",
          java.util.List.of());
      return;
    }
    tokens.verify(token).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(PRINCIPAL, ar.result());
        ctx.next();
      } else {
        Problems.send(ctx, 401, ErrorCodes.AUTH_TOKEN_INVALID,
            "the token is invalid or has expired; sign in again", java.util.List.of());
      }
    });
  }
}
