package org.fieldsync.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), in the PHC string format {@code
 * $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} so parameters can be raised later
 * without invalidating stored hashes. Defaults follow OWASP's minimum (19 MiB, 2 iterations).
 */
public final class PasswordHasher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final String dummyHash;

  public PasswordHasher(int memoryKib, int iterations) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.dummyHash = hash("not-a-real-password");
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] h = derive(password, salt, memoryKib, iterations, 1);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(h);
  }

  /** Constant-time check. A malformed stored hash never matches. */
  public boolean verify(String password, String encoded) {
    try {
      String[] parts = encoded.split("\\$");
      if (parts.length != 6 || !parts[1].equals("argon2id")) {
        return false;
      }
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        String[] e = kv.split("=");
        switch (e[0]) {
          case "m" -> m = Integer.parseInt(e[1]);
          case "t" -> t = Integer.parseInt(e[1]);
          case "p" -> p = Integer.parseInt(e[1]);
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      return MessageDigest.isEqual(expected, derive(password, salt, m, t, p));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the same time as a real check, so unknown users cannot be told apart by timing. */
  public void burn(String password) {
    verify(password, dummyHash);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(m)
        .withIterations(t)
        .withParallelism(p)
        .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[32];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
