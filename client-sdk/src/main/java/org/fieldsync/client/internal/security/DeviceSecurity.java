package org.fieldsync.client.internal.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.internal.vault.Vault;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.Revision;

/**
 * The device's security as one state machine: {@code NOT_ENROLLED → LOCKED → UNLOCKED → WIPED}
 * (and back from UNLOCKED to LOCKED when the SDK closes). It enrols the device, unlocks its data
 * with the worker's PIN and the server's lease, renews the lease, keeps the refresh token sealed,
 * signs with the device key, and forgets every key when the device is wiped.
 *
 * <p>What it holds, and for how long: the data key and the device key from an unlock until close
 * or wipe, opened once per unlock (not once per push); the PIN never, except one given before
 * enrolment, which is held until enrolment wraps the data key with it and is then zeroed.
 *
 * <p>It never holds the server client: a step that needs the server (enrolment, a lease) is
 * handed a {@link Server}. The server client needs this object to sign in (refresh tokens, device
 * signatures) and this object needs a signed-in client for a lease, so one of the two has to take
 * the other per call; taking it here keeps both built once, through constructors. Thread-safe:
 * transitions are serialised, reads of the keys are not blocked by a transition's network call.
 */
public final class DeviceSecurity implements DeviceSession {
  /** Where the device stands. */
  public enum State {
    /** No device key or vault yet: enrol with a sync admin's code. */
    NOT_ENROLLED,
    /** Enrolled; the data key is wrapped until the worker's PIN unlocks it. */
    LOCKED,
    /** The data key and device key are open in memory. */
    UNLOCKED,
    /** Revoked and wiped: nothing is left to open. */
    WIPED
  }

  /** What enrolment and lease renewal need from the server; the SDK's server client. */
  public interface Server {
    /** Registers the device's public key with a one-time code. */
    void enrol(String code, String publicKey, String deviceName, String appVersion);

    /** Forgets the access token, so the next call signs in bound to the enrolled device. */
    void resetSession();

    /** A lease for this device, from a signed-in session. */
    Lease lease();
  }

  private final Path dataDir;
  private final String deviceId;
  private final PinPolicy policy;
  private final Clock clock;
  private final RefreshTokens refresh;
  private volatile State state;
  private volatile byte[] dataKey;
  private volatile DeviceKey deviceKey;
  private Vault vault;
  private long leaseRenewedAt;
  private char[] enrolmentPin;

  public DeviceSecurity(Path dataDir, String deviceId, PinPolicy policy, Clock clock) {
    this.dataDir = dataDir;
    this.deviceId = deviceId;
    this.policy = policy;
    this.clock = clock;
    this.refresh = new RefreshTokens(dataDir, () -> dataKey);
    this.state = Vault.exists(dataDir) && DeviceKey.exists(dataDir) ? State.LOCKED
        : State.NOT_ENROLLED;
  }

  public State state() {
    return state;
  }

  /** Holds a PIN given before enrolment until {@link #enrol} wraps the data key with it. */
  public synchronized void holdForEnrolment(char[] pin) {
    if (state == State.NOT_ENROLLED && pin != null) {
      enrolmentPin = pin.clone();
    }
  }

  /**
   * Enrols: makes the device key, registers it with the code, takes a lease, and makes the vault
   * with the PIN ({@code pin}, or the one held since the builder). Does nothing once enrolled.
   */
  public synchronized void enrol(Server server, String code, String deviceName,
      String appVersion, char[] pin) {
    requireNotWiped();
    if (state != State.NOT_ENROLLED) {
      return;
    }
    char[] p = pin != null ? pin : enrolmentPin;
    if (p == null || p.length == 0) {
      throw new FieldSyncException(SdkErrorCodes.VAULT_PIN_REQUIRED, "enrolment needs the"
          + " worker's PIN (FieldSync.builder().pin(...) or enrol(code, name, pin)): it protects"
          + " the device's data");
    }
    DeviceKey key = DeviceKey.generate();
    server.enrol(code, key.publicKey(), deviceName, appVersion);
    server.resetSession(); // the next sign-in is bound to the enrolled device
    Lease lease = server.lease();
    long now = clock.millis();
    Vault.Unlocked made = Vault.create(dataDir, deviceId, p, lease.key(), lease.expiresAt(),
        policy.memoryKib(), policy.iterations(), now);
    try {
      key.save(dataDir, made.dataKey());
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "cannot keep the device key in " + dataDir + ": " + e.getMessage());
    }
    forgetEnrolmentPin();
    opened(made.vault(), made.dataKey(), key, now);
    refresh.persist(); // the sign-in for the lease brought one; keep it sealed
  }

  /**
   * Unlocks with the worker's PIN. Works offline while the lease is current; when it has run out,
   * renews it from the server first (refused for a tablet reported lost). The PIN is not kept.
   */
  public synchronized void unlock(Server server, char[] pin) {
    requireNotWiped();
    if (state == State.NOT_ENROLLED) {
      throw new FieldSyncException(SdkErrorCodes.VAULT_NOT_READY, "this device has not enrolled"
          + " yet: enrol it with a code from a sync admin");
    }
    Vault v = Vault.load(dataDir, deviceId);
    long renewedAt = leaseRenewedAt;
    byte[] key;
    try {
      key = v.unlock(pin, clock.millis(), policy.maxAttempts());
    } catch (FieldSyncException e) {
      if (!SdkErrorCodes.VAULT_LEASE_EXPIRED.equals(e.code())) {
        throw e;
      }
      Lease lease;
      try {
        lease = server.lease();
      } catch (FieldSyncException offlineOrLost) {
        throw new FieldSyncException(SdkErrorCodes.VAULT_LEASE_EXPIRED, e.getMessage() + " ("
            + offlineOrLost.getMessage() + ")", List.of(), false, offlineOrLost);
      }
      renewedAt = clock.millis();
      v.renew(lease.key(), lease.expiresAt(), renewedAt);
      key = v.unlock(pin, clock.millis(), policy.maxAttempts());
    }
    DeviceKey dk;
    try {
      dk = DeviceKey.load(dataDir, key).orElseThrow(() -> new FieldSyncException(
          SdkErrorCodes.STORE_FAILED, "the device key is missing from " + dataDir));
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "cannot read the device key in " + dataDir + ": " + e.getMessage());
    }
    opened(v, key, dk, renewedAt);
  }

  private void opened(Vault v, byte[] key, DeviceKey dk, long renewedAt) {
    vault = v;
    leaseRenewedAt = renewedAt;
    deviceKey = dk;
    dataKey = key;
    state = State.UNLOCKED;
  }

  /** Renews the lease once a tenth of it has passed, so a tablet in signal never runs out. */
  public void renewLeaseIfDue(Server server) {
    Vault v;
    long renewedAt;
    synchronized (this) {
      v = vault;
      // Kept in the vault, so an app started again does not renew a lease renewed an hour ago.
      renewedAt = leaseRenewedAt != 0 || v == null ? leaseRenewedAt : v.leaseRenewedAt();
    }
    if (v == null || state != State.UNLOCKED) {
      return;
    }
    long now = clock.millis();
    long left = v.leaseExpiresAt() - now;
    long span = v.leaseExpiresAt() - renewedAt;
    if (renewedAt != 0 && left > span * 9 / 10) {
      return;
    }
    Lease lease = server.lease(); // a failure is the caller's to log: the current lease runs on
    synchronized (this) {
      if (vault == v) {
        v.renew(lease.key(), lease.expiresAt(), now);
        leaseRenewedAt = now;
      }
    }
  }

  /**
   * The data key.
   *
   * @throws FieldSyncException {@code vault.locked}, {@code vault.notReady} or {@code
   *     device.wiped}: why there is none
   */
  public byte[] dataKey() {
    byte[] k = dataKey;
    if (k != null) {
      return k;
    }
    requireNotWiped();
    if (state == State.NOT_ENROLLED) {
      throw new FieldSyncException(SdkErrorCodes.VAULT_NOT_READY, "this device has not enrolled"
          + " yet: enrol it with a code from a sync admin");
    }
    throw new FieldSyncException(SdkErrorCodes.VAULT_LOCKED, "this device's data is locked:"
        + " unlock it with the worker's PIN");
  }

  /** The data key if unlocked, else empty (for work that simply waits for an unlock). */
  public Optional<byte[]> dataKeyIfUnlocked() {
    return Optional.ofNullable(dataKey);
  }

  /** Signatures of revisions by the device key; empty when locked or not enrolled. */
  public List<String> sign(List<Revision> revisions) {
    DeviceKey k = deviceKey;
    return k == null ? List.of() : revisions.stream().map(k::sign).toList();
  }

  /**
   * The device key's one signature of a push (decision 0037): over the root of the Merkle tree of
   * {@code revisions}; null when locked or not enrolled.
   */
  public String signPush(String deviceId, List<Revision> revisions) {
    DeviceKey k = deviceKey;
    return k == null ? null : k.sign(PushSignatures.tree(deviceId, revisions).toSign());
  }

  @Override
  public String refreshToken() {
    return refresh.get();
  }

  @Override
  public void keepRefreshToken(String token) {
    refresh.keep(token);
  }

  @Override
  public String sign(byte[] payload) {
    DeviceKey k = deviceKey;
    return k == null ? null : k.sign(payload);
  }

  /** Forgets the keys in memory (the SDK is closing); the data stays, sealed. */
  public synchronized void lock() {
    forgetKeys();
    forgetEnrolmentPin();
    if (state == State.UNLOCKED) {
      state = State.LOCKED;
    }
  }

  /** The device was revoked: forget every key; the data folder is deleted by the caller. */
  public synchronized void wiped() {
    forgetKeys();
    forgetEnrolmentPin();
    refresh.forget();
    state = State.WIPED;
  }

  private void forgetKeys() {
    byte[] k = dataKey;
    dataKey = null;
    deviceKey = null;
    vault = null;
    if (k != null) {
      Arrays.fill(k, (byte) 0);
    }
  }

  private void forgetEnrolmentPin() {
    if (enrolmentPin != null) {
      Arrays.fill(enrolmentPin, '\0');
      enrolmentPin = null;
    }
  }

  private void requireNotWiped() {
    if (state == State.WIPED) {
      throw new FieldSyncException(SdkErrorCodes.DEVICE_WIPED, "a sync admin revoked this"
          + " device: its data and keys are destroyed");
    }
  }
}
