package org.fieldsync.client.internal.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;

/**
 * AES-256-GCM from Bouncy Castle: 96-bit random nonce, 128-bit tag, and associated data that
 * binds a ciphertext to where it belongs (so one record's text cannot be moved to another).
 */
public final class Aead {
  static final String PREFIX = "v1:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Aead() {}

  public static byte[] seal(byte[] key, byte[] plain, byte[] aad) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    GCMBlockCipher c = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[12 + c.getOutputSize(plain.length)];
    System.arraycopy(nonce, 0, out, 0, 12);
    int n = c.processBytes(plain, 0, plain.length, out, 12);
    try {
      c.doFinal(out, 12 + n);
    } catch (InvalidCipherTextException e) {
      // GCM encryption has no tag to check; Bouncy Castle declares the exception for decryption.
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED, "encryption failed: "
          + e.getMessage(), List.of(), false, e);
    }
    return out;
  }

  /** Opens a sealed value; null if the key is wrong or anything was altered. */
  public static byte[] open(byte[] key, byte[] sealed, byte[] aad) {
    if (sealed == null || sealed.length < 28) {
      return null;
    }
    GCMBlockCipher c = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(false, new AEADParameters(new KeyParameter(key), 128,
        Arrays.copyOfRange(sealed, 0, 12), aad));
    byte[] out = new byte[c.getOutputSize(sealed.length - 12)];
    int n = c.processBytes(sealed, 12, sealed.length - 12, out, 0);
    try {
      n += c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      return null;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Text in, text out: {@code v1:} and base64 of nonce, ciphertext and tag. */
  public static String sealText(byte[] key, String plain, String aad) {
    if (plain == null) {
      return null;
    }
    return PREFIX + Base64.getEncoder().encodeToString(seal(key,
        plain.getBytes(StandardCharsets.UTF_8), aad.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The plain text of a sealed text.
   *
   * @throws FieldSyncException {@code store.unreadable} if it is not sealed or does not open with
   *     this key (altered or damaged on disk)
   */
  public static String openText(byte[] key, String sealed, String aad) {
    if (sealed == null) {
      return null;
    }
    if (!sealed.startsWith(PREFIX)) {
      throw new FieldSyncException(SdkErrorCodes.STORE_UNREADABLE, "a stored value ("
          + aad + ") is not encrypted: the data folder was altered");
    }
    byte[] plain;
    try {
      plain = open(key, Base64.getDecoder().decode(sealed.substring(PREFIX.length())),
          aad.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) { // not base64
      plain = null;
    }
    if (plain == null) {
      throw new FieldSyncException(SdkErrorCodes.STORE_UNREADABLE, "a stored value (" + aad
          + ") does not decrypt with this device's key: the data folder was altered or damaged");
    }
    return new String(plain, StandardCharsets.UTF_8);
  }
}
