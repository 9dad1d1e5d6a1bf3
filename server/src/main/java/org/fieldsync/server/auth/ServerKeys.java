package org.fieldsync.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.wire.Receipt;
import org.fieldsync.server.store.DataFolder;

/**
 * The server's Ed25519 signing key (Bouncy Castle), for sync receipts. Kept in the data folder
 * (owner-only) so receipts stay verifiable across restarts; its public half is published.
 */
public final class ServerKeys {
  static final String FILE = "server-signing.key";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;
  private final String keyId;

  private ServerKeys(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
    this.keyId = HexFormat.of().formatHex(Digests.sha256(publicKey), 0, 8);
  }

  /** The key from its 32-byte Ed25519 seed (the deployment's shared key file). */
  public static ServerKeys fromSeed(byte[] seed) {
    return new ServerKeys(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** Loads the key from the data folder, creating it on first start. */
  public static ServerKeys load(Path dataDir) throws IOException {
    Path f = dataDir.resolve(FILE);
    if (Files.exists(f)) {
      byte[] seed = Base64.getUrlDecoder().decode(DataFolder.readSecret(f));
      return new ServerKeys(new Ed25519PrivateKeyParameters(seed, 0));
    }
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    DataFolder.writeSecret(f, B64.encodeToString(k.getEncoded()));
    return new ServerKeys(k);
  }

  public String keyId() {
    return keyId;
  }

  /** The raw 32-byte public key, base64url. */
  public String publicKeyBase64() {
    return B64.encodeToString(publicKey);
  }

  /** An Ed25519 signature of {@code payload} (an export request's signature base). */
  public byte[] signRaw(byte[] payload) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, privateKey);
    s.update(payload, 0, payload.length);
    return s.generateSignature();
  }

  /** Signs one receipt. */
  public Receipt sign(Receipt unsigned) {
    return signAll(List.of(unsigned)).get(0);
  }

  /**
   * Signs a push's receipts with one signature: each gets the key id and its Merkle proof, and
   * all share the signature of the root.
   */
  public List<Receipt> signAll(List<Receipt> unsigned) {
    if (unsigned.isEmpty()) {
      return List.of();
    }
    Receipt.Tree tree = Receipt.tree(unsigned.stream().map(r -> r.signed(keyId, null, null))
        .toList());
    byte[] payload = tree.toSign();
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, privateKey);
    s.update(payload, 0, payload.length);
    String sig = B64.encodeToString(s.generateSignature());
    return tree.receipts().stream().map(r -> r.signed(keyId, r.proof(), sig)).toList();
  }

  /** Checks a receipt against a public key (for tests and tools). */
  public static boolean verify(Receipt r, String publicKeyBase64) {
    if (r.signature() == null) {
      return false;
    }
    try {
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(
          publicKeyBase64), 0));
      byte[] payload = r.signedBytes();
      s.update(payload, 0, payload.length);
      return s.verifySignature(Base64.getUrlDecoder().decode(r.signature()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
