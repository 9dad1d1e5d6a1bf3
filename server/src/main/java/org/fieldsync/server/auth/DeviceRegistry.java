package org.fieldsync.server.auth;

import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * Enrolled devices: one-time enrolment codes, each device's Ed25519 public key (Bouncy Castle),
 * and whether it is active. Kept in memory from the store, and updated as devices enrol and are
 * revoked, so checking a request or a signature needs no database read. With several nodes, a
 * change made here is announced ({@link #onChange}) and one made on another node is applied
 * ({@link #apply}); sync re-reads the device's status from the store ({@link #reload}) so a
 * revocation on any node is refused at once.
 */
public final class DeviceRegistry {
  /** Characters of an enrolment code: no 0/O, 1/I/L, so it can be read out over the phone. */
  private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, EnrolledDevice> devices = new ConcurrentHashMap<>();
  private final Map<String, Ed25519PublicKeyParameters> keys = new ConcurrentHashMap<>();
  private final byte[] leaseSecret;
  private final Store store;
  private volatile Consumer<EnrolledDevice> changed = d -> { };

  /** The registry, loaded from the store, with the deployment's shared lease secret. */
  public DeviceRegistry(Store store, byte[] leaseSecret) {
    this.leaseSecret = leaseSecret.clone();
    this.store = store;
    store.read(tx -> {
      tx.devices().enrolled().forEach(this::apply);
      return null;
    });
  }

  /** Told of every change made through this registry (to tell the other nodes). */
  public void onChange(Consumer<EnrolledDevice> listener) {
    changed = listener;
  }

  /**
   * The device's lease key: the same for the device every time (HMAC-SHA256 of the server's
   * lease secret and the device id), so a tablet whose lease lapsed offline can be given it
   * again, unless it was reported lost.
   */
  public byte[] leaseKey(String deviceId) {
    return Digests.hmacSha256(leaseSecret,
        ("fieldsync-lease-v1|" + deviceId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The device, from memory. Off the event loop a device not in memory is looked up in the store:
   * with several nodes, it may have enrolled through another node a moment ago.
   */
  public Optional<EnrolledDevice> get(String deviceId) {
    if (deviceId == null) {
      return Optional.empty();
    }
    EnrolledDevice d = devices.get(deviceId);
    if (d == null && !Context.isOnEventLoopThread()) {
      return store.read(tx -> reload(tx, deviceId));
    }
    return Optional.ofNullable(d);
  }

  /** Adds or replaces a device, after the store has it, and tells the other nodes. */
  public void put(EnrolledDevice d) {
    apply(d);
    changed.accept(d);
  }

  /** Adds or replaces a device as the store has it (a change another node made). */
  public void apply(EnrolledDevice d) {
    devices.put(d.deviceId(), d);
    keys.remove(d.deviceId());
  }

  /** Reads the device afresh from the store inside {@code tx}, and keeps what it read. */
  public Optional<EnrolledDevice> reload(Tx tx, String deviceId) throws SQLException {
    Optional<EnrolledDevice> d = tx.devices().enrolled(deviceId);
    d.ifPresent(this::apply);
    return d;
  }

  /** A new one-time code for a user, stored hashed; the code, formatted XXXX-XXXX-XXXX. */
  public static String issueCode(Tx tx, String userId, String issuedBy, long now, long ttlMillis)
      throws SQLException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String code = b.toString();
    tx.devices().addEnrolmentCode(hash(code), userId, issuedBy, now, now + ttlMillis);
    return code;
  }

  /** SHA-256 (hex) of a code as typed: case, spaces and dashes do not matter. */
  public static String hash(String code) {
    String normal = code == null ? "" : code.toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9]", "");
    return Digests.sha256Hex(normal.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether a base64url text is a raw 32-byte Ed25519 public key. */
  public static boolean validPublicKey(String base64url) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(base64url);
      new Ed25519PublicKeyParameters(raw, 0);
      return raw.length == 32;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** How far a sign-in's signing time may be from the server's: a copy is useless after. */
  static final long SIGN_IN_SKEW_MILLIS = 5 * 60 * 1000L;

  /**
   * Whether a sign-in carries the signature of an enrolled, active device of user
   * {@code userId} (protocol 8.1b), made within {@link #SIGN_IN_SKEW_MILLIS} of {@code now}.
   */
  public boolean provesSignIn(LoginRequest req, String userId, long now) {
    if (req.signature() == null || req.signedAt() == null || req.deviceId() == null
        || userId == null || Math.abs(req.signedAt() - now) > SIGN_IN_SKEW_MILLIS) {
      return false;
    }
    EnrolledDevice d = devices.get(req.deviceId());
    return d != null && d.active() && d.userId().equals(userId) && verify(req.deviceId(),
        LoginRequest.signingBytes(req.deviceId(), req.username(), req.signedAt()),
        req.signature());
  }

  /** Whether {@code signature} is the device's signature of the revision. */
  public boolean signed(String deviceId, Revision r, String signature) {
    return verify(deviceId, Revisions.signingBytes(r), signature);
  }

  /** Whether {@code signature} is the device's Ed25519 signature of {@code payload}. */
  public boolean verify(String deviceId, byte[] payload, String signature) {
    EnrolledDevice d = devices.get(deviceId);
    if (d == null || signature == null) {
      return false;
    }
    try {
      Ed25519PublicKeyParameters key = keys.computeIfAbsent(deviceId,
          k -> new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(d.publicKey()), 0));
      byte[] sig = Base64.getUrlDecoder().decode(signature);
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, key);
      s.update(payload, 0, payload.length);
      return s.verifySignature(sig);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
