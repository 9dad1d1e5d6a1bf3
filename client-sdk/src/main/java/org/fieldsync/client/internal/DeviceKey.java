package org.fieldsync.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;

/**
 * This device's Ed25519 key (Bouncy Castle): made at enrolment, kept in the data folder
 * (owner-only) encrypted with the device's data key, used to sign every revision it pushes.
 */
public final class DeviceKey {
  static final String FILE = "device-key";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final Ed25519PrivateKeyParameters key;

  private DeviceKey(Ed25519PrivateKeyParameters key) {
    this.key = key;
  }

  /** Whether this device holds a key (it has enrolled). */
  public static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve(FILE));
  }

  /** The device's key, opened with the data key (it is stored encrypted). */
  public static java.util.Optional<DeviceKey> load(Path dataDir, byte[] dataKey) {
    Path f = dataDir.resolve(FILE);
    try {
      if (!Files.exists(f)) {
        return java.util.Optional.empty();
      }
      String seed = org.fieldsync.client.internal.vault.Aead.openText(dataKey,
          Files.readString(f, StandardCharsets.US_ASCII).trim(), "device-key");
      return java.util.Optional.of(new DeviceKey(new Ed25519PrivateKeyParameters(
          Base64.getUrlDecoder().decode(seed), 0)));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** A new key, not yet saved. */
  public static DeviceKey generate() {
    return new DeviceKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** Saves the key, encrypted with the data key (after the server accepted the enrolment). */
  public void save(Path dataDir, byte[] dataKey) throws IOException {
    Path f = dataDir.resolve(FILE);
    Files.writeString(f, org.fieldsync.client.internal.vault.Aead.sealText(dataKey,
        B64.encodeToString(key.getEncoded()), "device-key"), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; the app's private storage applies.
    }
  }

  /** The raw public key, base64url. */
  public String publicKey() {
    return B64.encodeToString(key.generatePublicKey().getEncoded());
  }

  /** This device's signature of a revision it created. */
  public String sign(Revision r) {
    return sign(Revisions.signingBytes(r));
  }

  /** This device's signature of {@code payload}, base64url. */
  public String sign(byte[] payload) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(payload, 0, payload.length);
    return B64.encodeToString(s.generateSignature());
  }
}
