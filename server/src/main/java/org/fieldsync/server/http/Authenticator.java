package org.fieldsync.server.http;

import io.vertx.core.Future;

/**
 * Turns a bearer token into the caller it was issued to, or fails. Implemented by the auth
 * feature's token service; the HTTP layer only asks.
 */
@FunctionalInterface
public interface Authenticator {
  Future<Principal> verify(String token);
}
