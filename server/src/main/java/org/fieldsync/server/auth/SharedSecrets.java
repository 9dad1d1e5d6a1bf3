package org.fieldsync.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.fieldsync.server.store.DataFolder;

/**
 * The secrets every node of one deployment must share, kept as three owner-only files in one
 * folder: {@value #TOKEN_FILE} (signs access tokens, so a token from one node works on the
 * next), {@value ServerKeys#FILE} (signs sync receipts, so a tablet's receipts verify whichever
 * node answered) and {@value #LEASE_FILE} (derives each tablet's lease key, so a lease renewed
 * by one node opens the tablet's data for the key another node gave it).
 *
 * <p>Only development mode creates missing files; in production a node that generated its own
 * would silently split the deployment (tokens refused, receipts and leases that do not verify on
 * the others), so a missing secret stops it at start with what to do. An operator makes them
 * once with {@code fieldsync-server secrets --out DIR} and gives every node the same files.
 *
 * @param tokenSecret the access-token HMAC secret
 * @param keys the receipt signing key
 * @param leaseSecret the lease secret (32 bytes)
 */
public record SharedSecrets(String tokenSecret, ServerKeys keys, byte[] leaseSecret) {
  public static final String TOKEN_FILE = "token-secret";
  public static final String LEASE_FILE = "lease-secret";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Reads the secrets from {@code dir}. {@code tokenSecret}, when given (configuration), is used
   * instead of the token file. With {@code mayCreate} (development only) missing files are
   * made; without it a missing one is an {@link IllegalStateException} naming it.
   */
  public static SharedSecrets load(Path dir, String tokenSecret, boolean mayCreate)
      throws IOException {
    if (mayCreate) {
      create(dir, tokenSecret == null);
    } else {
      List<String> missing = new ArrayList<>();
      for (String f : tokenSecret == null ? List.of(TOKEN_FILE, ServerKeys.FILE, LEASE_FILE)
          : List.of(ServerKeys.FILE, LEASE_FILE)) {
        if (!Files.isRegularFile(dir.resolve(f))) {
          missing.add(f);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("production mode needs the shared secrets " + missing
            + " in " + dir + " (secretsDir): make them once with 'fieldsync-server secrets"
            + " --out DIR' and give every node the same files; only development mode creates"
            + " its own");
      }
    }
    String token = tokenSecret != null ? tokenSecret : read(dir.resolve(TOKEN_FILE));
    byte[] seed = Base64.getUrlDecoder().decode(read(dir.resolve(ServerKeys.FILE)));
    byte[] lease = Base64.getDecoder().decode(read(dir.resolve(LEASE_FILE)));
    return new SharedSecrets(token, ServerKeys.fromSeed(seed), lease);
  }

  /**
   * Makes whichever of the three files are missing in {@code dir} (owner-only); the names of
   * those it made. Existing files are never replaced: that would end every token, receipt key
   * and lease of the deployment.
   */
  public static List<String> create(Path dir, boolean withTokenSecret) throws IOException {
    Files.createDirectories(dir);
    List<String> made = new ArrayList<>();
    byte[] b = new byte[32];
    if (withTokenSecret && write(dir.resolve(TOKEN_FILE), () -> {
      RANDOM.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    })) {
      made.add(TOKEN_FILE);
    }
    if (write(dir.resolve(ServerKeys.FILE), () -> Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new Ed25519PrivateKeyParameters(RANDOM).getEncoded()))) {
      made.add(ServerKeys.FILE);
    }
    if (write(dir.resolve(LEASE_FILE), () -> {
      RANDOM.nextBytes(b);
      return Base64.getEncoder().encodeToString(b);
    })) {
      made.add(LEASE_FILE);
    }
    return made;
  }

  private interface Value {
    String make();
  }

  private static boolean write(Path f, Value v) throws IOException {
    if (Files.exists(f)) {
      return false;
    }
    DataFolder.writeSecret(f, v.make()); // owner-only before a byte is written
    return true;
  }

  private static String read(Path f) throws IOException {
    return DataFolder.readSecret(f); // tightens a file an older version left more open
  }
}
