package org.fieldsync.client;

/**
 * Supplies the signed-in worker's credentials when the SDK needs a new token. Called on the sync
 * thread, never on a UI thread; may block (for example to read a secure store), must not return
 * null.
 */
@FunctionalInterface
public interface CredentialsProvider {
  /** The worker's user name and password, for a sign-in the SDK needs now. */
  Credentials credentials();
}
