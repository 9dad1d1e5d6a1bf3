package org.fieldsync.client.internal.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;

/**
 * This device's Ed25519 key (Bouncy Castle): made at enrolment, kept in the data folder
 * (owner-only) encrypted with the device's data key, opened once per unlock and used to sign every
 * revision it pushes and every refresh it asks for.
 */
public final class DeviceKey {
  static final String FILE = "device-key";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final Ed25519PrivateKeyParameters key;

  private DeviceKey(Ed25519PrivateKeyParameters key) {
    this.key = key;
  }

  /** Whether this device holds a key (it has enrolled). */
  static boolean exists(Path dataDir) {
    return new SealedFile(dataDir, FILE).exists();
  }

  /** The device's key, opened with the data key; empty if there is none. */
  static Optional<DeviceKey> load(Path dataDir, byte[] dataKey) throws IOException {
    return new SealedFile(dataDir, FILE).read(dataKey).map(seed ->
        new DeviceKey(new Ed25519PrivateKeyParameters(Base64.getUrlDecoder().decode(seed), 0)));
  }

  /** A new key, not yet saved. */
  static DeviceKey generate() {
    return new DeviceKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** Saves the key, encrypted with the data key (after the server accepted the enrolment). */
  void save(Path dataDir, byte[] dataKey) throws IOException {
    new SealedFile(dataDir, FILE).write(dataKey, B64.encodeToString(key.getEncoded()));
  }

  /** The raw public key, base64url. */
  String publicKey() {
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
