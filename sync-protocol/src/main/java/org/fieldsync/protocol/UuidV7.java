package org.fieldsync.protocol;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Record ids are minted
 * on the device with no coordination; the time prefix keeps B-tree inserts local on the server.
 */
public final class UuidV7 {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private UuidV7() {}

  public static String generate() {
    return generate(System.currentTimeMillis());
  }

  public static String generate(long unixMillis) {
    byte[] rnd = new byte[10];
    RANDOM.nextBytes(rnd);
    long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16;
    msb |= 0x7000L | ((rnd[0] & 0x0FL) << 8) | (rnd[1] & 0xFFL);
    long lsb = 0x8000_0000_0000_0000L | ((rnd[2] & 0x3FL) << 56);
    for (int i = 3; i < 10; i++) {
      lsb |= (rnd[i] & 0xFFL) << (8 * (9 - i));
    }
    return new UUID(msb, lsb).toString();
  }

  /** Whether the text is a lower-case UUIDv7 in canonical form. */
  public static boolean isValid(String text) {
    return text != null && TEXT.matcher(text).matches();
  }
}
