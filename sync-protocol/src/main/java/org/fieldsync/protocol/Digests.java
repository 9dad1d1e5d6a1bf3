package org.fieldsync.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one SHA-256 of FieldSync (the JDK's): revision ids, receipt trees, the audit chain,
 * attachment digests, the hashes under which secrets are kept, key ids, certificate pins and
 * HMAC-SHA256. Bouncy Castle's digest is used only inside Bouncy Castle's own algorithms (Ed25519,
 * Argon2), where it is not ours to choose.
 */
public final class Digests {
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  /** A fresh SHA-256 digest, for hashing a value in parts. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** SHA-256 of bytes. */
  public static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  /** SHA-256 of bytes, lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256(bytes));
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
