package org.fieldsync.client;

/**
 * A user's login credentials. {@link #toString()} never shows the password.
 *
 * @param username login name
 * @param password password
 */
public record Credentials(String username, String password) {
  /** The user name only. */
  @Override
  public String toString() {
    return "Credentials[username=" + username + "]";
  }
}
