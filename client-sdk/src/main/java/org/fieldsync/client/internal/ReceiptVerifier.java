package org.fieldsync.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.client.internal.store.StoredReceipt;
import org.fieldsync.protocol.wire.Receipt;

/**
 * Checks sync receipts (Ed25519, Bouncy Castle) against the server key this device pinned the
 * first time it saw it. A receipt that does not verify is still kept, marked unverified: it is
 * evidence either way.
 */
final class ReceiptVerifier {
  private static final Logger LOG = System.getLogger(ReceiptVerifier.class.getName());
  private final Path pinFile;
  private final ServerApi api;
  private volatile String keyId;
  private volatile byte[] publicKey;

  ReceiptVerifier(Path dataDir, ServerApi api) {
    this.pinFile = dataDir.resolve("server-key");
    this.api = api;
    try {
      if (Files.exists(pinFile)) {
        String[] parts = Files.readString(pinFile, StandardCharsets.US_ASCII).trim().split(" ");
        keyId = parts[0];
        publicKey = Base64.getUrlDecoder().decode(parts[1]);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "the pinned server key could not be read", e);
    }
  }

  StoredReceipt keep(Receipt r) {
    return new StoredReceipt(r.recordId(), r.rev(), r.seq(), r.serverTime(), r.outcome(),
        r.keyId(), r.signature(), String.join(",", r.proof()), verifies(r));
  }

  private boolean verifies(Receipt r) {
    if (publicKey == null) {
      pin();
    }
    byte[] key = publicKey;
    if (key == null || r.signature() == null || !r.keyId().equals(keyId)) {
      return false;
    }
    try {
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, new Ed25519PublicKeyParameters(key, 0));
      byte[] payload = r.signedBytes();
      s.update(payload, 0, payload.length);
      return s.verifySignature(Base64.getUrlDecoder().decode(r.signature()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Trust on first use: fetch the server's key once and keep it (at enrolment, or later). */
  synchronized void pin() {
    if (publicKey != null) {
      return;
    }
    try {
      ServerApi.ServerKey k = api.serverKey();
      byte[] raw = Base64.getUrlDecoder().decode(k.publicKey());
      Files.writeString(pinFile, k.keyId() + " " + k.publicKey(), StandardCharsets.US_ASCII);
      keyId = k.keyId();
      publicKey = raw;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, "the server key could not be fetched yet; receipts stay unverified", e);
    }
  }
}
