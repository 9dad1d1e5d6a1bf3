package org.fieldsync.client.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldsync.client.CredentialsProvider;
import org.fieldsync.protocol.wire.UserInfo;

/**
 * Who authors a record saved offline: the signed-in user's id from the server, remembered in the
 * data folder after each sync so a save before the first sign-in of the day still names its
 * author. Before any sign-in ever, the credentials' user name, which the server also accepts.
 */
final class AuthorIds {
  private static final Logger LOG = System.getLogger(AuthorIds.class.getName());
  private final Path file;
  private final ServerApi api;
  private final CredentialsProvider credentials;

  AuthorIds(Path dataDir, ServerApi api, CredentialsProvider credentials) {
    this.file = dataDir.resolve("user-id");
    this.api = api;
    this.credentials = credentials;
  }

  String current() {
    UserInfo u = api.user();
    if (u != null) {
      return u.id();
    }
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "the remembered user id cannot be read: " + e.getMessage());
    }
    return credentials.credentials().username();
  }

  /** Remembers the signed-in user's id (only a cache: the server's answer is the truth). */
  void remember() {
    UserInfo u = api.user();
    if (u == null) {
      return;
    }
    try {
      Files.writeString(file, u.id(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "the user id cannot be remembered: " + e.getMessage());
    }
  }
}
