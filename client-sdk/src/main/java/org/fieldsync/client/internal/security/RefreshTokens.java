package org.fieldsync.client.internal.security;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.fieldsync.client.FieldSyncException;

/**
 * The device's refresh token: in memory, and in the data folder sealed under the data key, so it
 * is as unreadable as the records when the tablet is locked, its lease has run out, or its keys
 * were destroyed. A token that arrives before the data key exists (the sign-in of enrolment) is
 * held in memory and written once the key does.
 */
final class RefreshTokens {
  private static final Logger LOG = System.getLogger(RefreshTokens.class.getName());
  private static final String FILE = "refresh-token";
  private final SealedFile file;
  private final Supplier<byte[]> dataKey;
  private volatile String cached;

  /** {@code dataKey} answers the unlocked data key, or null while there is none. */
  RefreshTokens(Path dataDir, Supplier<byte[]> dataKey) {
    this.file = new SealedFile(dataDir, FILE);
    this.dataKey = dataKey;
  }

  String get() {
    String t = cached;
    byte[] k = dataKey.get();
    if (t != null || k == null) {
      return t;
    }
    try {
      cached = file.read(k).orElse(null);
    } catch (IOException | FieldSyncException e) {
      // Unreadable: the password is asked for instead, which brings a new token.
      LOG.log(Level.DEBUG, "the kept refresh token cannot be read; signing in with the password");
      cached = null;
    }
    return cached;
  }

  void keep(String token) {
    cached = token;
    byte[] k = dataKey.get();
    try {
      if (token == null) {
        file.delete();
      } else if (k != null) {
        file.write(k, token);
      }
    } catch (IOException e) {
      // Kept in memory only: after a restart the password is asked for once.
      LOG.log(Level.WARNING, "the refresh token cannot be kept on disk: " + e.getMessage());
    }
  }

  /** Writes the token held in memory to disk, once the data key exists (after enrolment). */
  void persist() {
    String t = cached;
    if (t != null) {
      keep(t);
    }
  }

  /** Forgets the token held in memory (the file stays, sealed). */
  void forget() {
    cached = null;
  }
}
