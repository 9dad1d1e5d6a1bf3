package org.fieldsync.server.http;

import io.vertx.core.Future;
import org.fieldsync.protocol.ErrorCodes;

/**
 * Turns a bearer token into the caller it was issued to, or fails. Implemented by the auth
 * feature's token service; the HTTP layer only asks. It may also spend a device's refresh token
 * folded into a request (decision 0038), with the same rotation, reuse detection and revocation
 * as {@code POST /auth/refresh}.
 */
@FunctionalInterface
public interface Authenticator {
  Future<Principal> verify(String token);

  /**
   * Spends a refresh token signed by its device; the caller and the new tokens, or a failure
   * (an {@link ApiException} says what to answer). Without a refresher, none is accepted.
   */
  default Future<Refreshed> refresh(String deviceId, String refreshToken, String signature) {
    return Future.failedFuture(new ApiException(401, ErrorCodes.AUTH_REFRESH_INVALID,
        "this server takes refresh tokens only at /auth/refresh"));
  }

  /**
   * A refresh folded into a request.
   *
   * @param caller who the new access token is for
   * @param accessToken the new access token
   * @param expiresIn its lifetime, seconds
   * @param refreshToken the next refresh token (the presented one is spent)
   */
  record Refreshed(Principal caller, String accessToken, long expiresIn, String refreshToken) {}
}
