package org.fieldsync.client.internal.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * The device's data key, and what it takes to use it. Record text on the tablet is encrypted
 * with a random 256-bit data key; the data key is kept only wrapped (AES-256-GCM) under a key
 * derived from two things: the worker's PIN (Argon2id), so the tablet unlocks offline, and a
 * lease key from the server, kept only until the lease expires. Past the expiry the lease key is
 * deleted, so the PIN alone opens nothing until the server renews the lease, which it will not
 * do for a tablet reported lost. Too many wrong PINs destroy the wrapped key.
 */
public final class Vault {
  public static final String FILE = "vault.json";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path file;
  private final String deviceId;
  private ObjectNode state;

  private Vault(Path file, String deviceId, ObjectNode state) {
    this.file = file;
    this.deviceId = deviceId;
    this.state = state;
  }

  public static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve(FILE));
  }

  /** Makes a vault with a fresh data key; returns it with the data key. */
  public static Unlocked create(Path dataDir, String deviceId, char[] pin, byte[] leaseKey,
      long leaseExpiresAt, int memoryKib, int iterations, long now) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] dataKey = new byte[32];
    RANDOM.nextBytes(dataKey);
    ObjectNode s = ProtocolCodec.mapper().createObjectNode();
    s.put("salt", b64(salt));
    s.put("memoryKib", memoryKib);
    s.put("iterations", iterations);
    s.put("failures", 0);
    Vault v = new Vault(dataDir.resolve(FILE), deviceId, s);
    byte[] kek = kek(v.pinKey(pin), leaseKey);
    s.put("wrapped", b64(Aead.seal(kek, dataKey, v.aad())));
    v.setLease(leaseKey, leaseExpiresAt, now);
    v.save();
    return new Unlocked(v, dataKey);
  }

  public static Vault load(Path dataDir, String deviceId) {
    try {
      JsonNode n = ProtocolCodec.readTree(Files.readString(dataDir.resolve(FILE),
          StandardCharsets.US_ASCII));
      return new Vault(dataDir.resolve(FILE), deviceId, (ObjectNode) n);
    } catch (IOException | RuntimeException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "the device's key vault cannot be read: " + e.getMessage());
    }
  }

  /**
   * Unlocks with the PIN. The lease must be current by this device's clock (never earlier than
   * the latest time it has seen, so turning the clock back does not help).
   */
  public synchronized byte[] unlock(char[] pin, long now, int maxAttempts) {
    if (!state.hasNonNull("wrapped")) {
      throw new FieldSyncException(SdkErrorCodes.VAULT_LOCKED_OUT,
          "too many wrong PINs: this device's data"
          + " can no longer be opened");
    }
    long seen = Math.max(now, state.path("maxSeen").asLong(0));
    state.put("maxSeen", seen);
    if (!state.hasNonNull("lease") || seen >= state.path("leaseExpiresAt").asLong(0)) {
      state.putNull("lease"); // expired: the lease key is gone until the server renews it
      save();
      throw new FieldSyncException(SdkErrorCodes.VAULT_LEASE_EXPIRED,
          "this device has been offline longer"
          + " than its lease allows: connect to the server to renew it");
    }
    byte[] kek = kek(pinKey(pin), Base64.getDecoder().decode(state.get("lease").asText()));
    byte[] dataKey = Aead.open(kek, Base64.getDecoder().decode(state.get("wrapped").asText()),
        aad());
    if (dataKey == null) {
      int failures = state.path("failures").asInt(0) + 1;
      state.put("failures", failures);
      if (failures >= maxAttempts) {
        state.putNull("wrapped");
        state.putNull("lease");
        save();
        throw new FieldSyncException(SdkErrorCodes.VAULT_LOCKED_OUT,
          "too many wrong PINs: this device's data"
            + " can no longer be opened");
      }
      save();
      throw new FieldSyncException(SdkErrorCodes.VAULT_PIN_WRONG,
          "wrong PIN (" + (maxAttempts - failures)
          + " tries left)");
    }
    state.put("failures", 0);
    save();
    return dataKey;
  }

  /** Whether the lease key is here and current. */
  public synchronized boolean leaseCurrent(long now) {
    return state.hasNonNull("lease")
        && Math.max(now, state.path("maxSeen").asLong(0)) < state.path("leaseExpiresAt")
            .asLong(0);
  }

  public synchronized long leaseExpiresAt() {
    return state.path("leaseExpiresAt").asLong(0);
  }

  /** When the lease was last renewed (epoch ms); 0 when not known (a vault kept before). */
  public synchronized long leaseRenewedAt() {
    return state.path("leaseRenewedAt").asLong(0);
  }

  /** A renewed lease from the server (the same key for this device, a later expiry). */
  public synchronized void renew(byte[] leaseKey, long expiresAt, long now) {
    setLease(leaseKey, expiresAt, now);
    save();
  }

  private void setLease(byte[] leaseKey, long expiresAt, long now) {
    state.put("lease", b64(leaseKey));
    state.put("leaseExpiresAt", expiresAt);
    state.put("leaseRenewedAt", now);
    state.put("maxSeen", Math.max(now, state.path("maxSeen").asLong(0)));
  }

  private byte[] pinKey(char[] pin) {
    // Encoded without a String, so no copy of the PIN outlives this call in the heap.
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
    byte[] pinBytes = new byte[encoded.remaining()];
    encoded.get(pinBytes);
    Arrays.fill(encoded.array(), (byte) 0);
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withSalt(Base64.getDecoder().decode(state.get("salt").asText()))
        .withMemoryAsKB(state.get("memoryKib").asInt())
        .withIterations(state.get("iterations").asInt())
        .withParallelism(1).build());
    byte[] out = new byte[32];
    g.generateBytes(pinBytes, out);
    Arrays.fill(pinBytes, (byte) 0);
    return out;
  }

  private static byte[] kek(byte[] pinKey, byte[] leaseKey) {
    // The JDK's SHA-256, as everywhere else in FieldSync (sync-protocol's Digests).
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("fieldsync-kek-v1".getBytes(StandardCharsets.US_ASCII));
      d.update(pinKey);
      d.update(leaseKey);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "this Java runtime has no SHA-256",
          List.of(), false, e);
    }
  }

  private byte[] aad() {
    return ("fieldsync-vault-v1|" + deviceId).getBytes(StandardCharsets.UTF_8);
  }

  private void save() {
    try {
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.writeString(tmp, ProtocolCodec.encodeToString(state), StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system; the app's private storage applies.
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "the device's key vault cannot be written: " + e.getMessage());
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * A vault and its data key, just made.
   *
   * @param vault the vault
   * @param dataKey the data key
   */
  public record Unlocked(Vault vault, byte[] dataKey) {}
}
