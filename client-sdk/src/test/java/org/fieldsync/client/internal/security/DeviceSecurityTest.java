package org.fieldsync.client.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.internal.security.DeviceSecurity.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device-security state machine on its own: real vault and key files in a temporary folder,
 * a scripted stand-in for the server (only enrolment and leases, which are its whole contract
 * with the server), and a clock the test moves.
 */
class DeviceSecurityTest {
  private static final char[] PIN = "2468".toCharArray();
  private static final Duration LEASE = Duration.ofDays(14);
  @TempDir Path dir;
  private final MovableClock clock = new MovableClock();
  private final ScriptedServer server = new ScriptedServer();

  private DeviceSecurity open() {
    return new DeviceSecurity(dir, "device-1", new PinPolicy(1024, 1, 3), clock);
  }

  private DeviceSecurity enrolled() {
    DeviceSecurity s = open();
    s.enrol(server, "CODE-1", "Tablet 14", "1.0", PIN.clone());
    return s;
  }

  @Test
  void aNewDeviceIsNotEnrolledAndHasNoKeyToGive() {
    DeviceSecurity s = open();
    assertEquals(State.NOT_ENROLLED, s.state());
    assertEquals(SdkErrorCodes.VAULT_NOT_READY,
        assertThrows(FieldSyncException.class, s::dataKey).code());
    assertEquals(SdkErrorCodes.VAULT_NOT_READY, assertThrows(FieldSyncException.class,
        () -> s.unlock(server, PIN)).code());
    assertNull(s.sign("x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void enrolmentWithoutAPinIsRefusedBeforeAnythingIsSent() {
    DeviceSecurity s = open();
    FieldSyncException e = assertThrows(FieldSyncException.class,
        () -> s.enrol(server, "CODE-1", "Tablet 14", "1.0", null));
    assertEquals(SdkErrorCodes.VAULT_PIN_REQUIRED, e.code());
    assertTrue(server.enrolments.isEmpty(), "nothing reached the server");
    assertEquals(State.NOT_ENROLLED, s.state());
  }

  @Test
  void enrolmentRegistersTheDeviceKeyAndLeavesTheDataUnlocked() {
    DeviceSecurity s = open();
    s.holdForEnrolment(PIN);
    s.enrol(server, "CODE-1", "Tablet 14", "1.0", null);
    assertEquals(State.UNLOCKED, s.state());
    assertEquals(1, server.enrolments.size());
    assertEquals(1, server.resets, "the next sign-in is bound to the enrolled device");
    byte[] payload = "refresh me".getBytes(StandardCharsets.UTF_8);
    assertTrue(verifies(server.enrolments.get(0), payload, s.sign(payload)),
        "signatures verify with the public key the server was given");
    assertEquals(32, s.dataKey().length);
  }

  @Test
  void aReopenedDeviceIsLockedUntilTheRightPin() {
    byte[] key = enrolled().dataKey().clone();
    DeviceSecurity s = open();
    assertEquals(State.LOCKED, s.state());
    assertEquals(SdkErrorCodes.VAULT_LOCKED,
        assertThrows(FieldSyncException.class, s::dataKey).code());
    s.unlock(server, PIN);
    assertEquals(State.UNLOCKED, s.state());
    assertArrayEquals(key, s.dataKey(), "the same data key, unwrapped again");
    assertEquals(1, server.leases, "offline unlock while the lease lasts: no server call");
  }

  @Test
  void wrongPinsCountDownAndThenDestroyTheKeys() {
    enrolled();
    DeviceSecurity s = open();
    FieldSyncException first = assertThrows(FieldSyncException.class,
        () -> s.unlock(server, "0000".toCharArray()));
    assertEquals(SdkErrorCodes.VAULT_PIN_WRONG, first.code());
    assertTrue(first.getMessage().contains("2 tries left"), first.getMessage());
    assertThrows(FieldSyncException.class, () -> s.unlock(server, "1111".toCharArray()));
    assertEquals(SdkErrorCodes.VAULT_LOCKED_OUT, assertThrows(FieldSyncException.class,
        () -> s.unlock(server, "3333".toCharArray())).code());
    assertEquals(SdkErrorCodes.VAULT_LOCKED_OUT, assertThrows(FieldSyncException.class,
        () -> s.unlock(server, PIN)).code(), "even the right PIN");
  }

  @Test
  void anExpiredLeaseIsRenewedFromTheServerAndRefusedOffline() {
    enrolled();
    clock.advance(LEASE.plusMinutes(1));
    server.offline = true;
    DeviceSecurity s = open();
    FieldSyncException e = assertThrows(FieldSyncException.class, () -> s.unlock(server, PIN));
    assertEquals(SdkErrorCodes.VAULT_LEASE_EXPIRED, e.code());
    assertTrue(e.getMessage().contains("no signal here"), "names why: " + e.getMessage());
    server.offline = false;
    s.unlock(server, PIN);
    assertEquals(State.UNLOCKED, s.state());
  }

  @Test
  void theLeaseIsRenewedOnceATenthOfItHasPassed() {
    DeviceSecurity s = enrolled();
    int before = server.leases;
    s.renewLeaseIfDue(server);
    assertEquals(before, server.leases, "fresh: nothing to renew");
    clock.advance(LEASE.dividedBy(10).plusMinutes(1));
    s.renewLeaseIfDue(server);
    assertEquals(before + 1, server.leases);
  }

  @Test
  void theDeviceKeyIsOpenedOncePerUnlockNotPerSignature() throws Exception {
    DeviceSecurity s = enrolled();
    Files.delete(dir.resolve(DeviceKey.FILE));
    assertFalse(s.sign(List.of()).size() > 0);
    byte[] payload = "push batch".getBytes(StandardCharsets.UTF_8);
    assertTrue(verifies(server.enrolments.get(0), payload, s.sign(payload)),
        "signing needs the key in memory, not the file");
  }

  @Test
  void theRefreshTokenIsKeptSealedAndOnlyAnUnlockedDeviceReadsIt() throws Exception {
    DeviceSecurity s = enrolled();
    s.keepRefreshToken("refresh-token-value-1");
    String onDisk = Files.readString(dir.resolve("refresh-token"));
    assertFalse(onDisk.contains("refresh-token-value-1"), "sealed on disk");
    s.lock();
    DeviceSecurity reopened = open();
    assertNull(reopened.refreshToken(), "locked: no token, the password is asked for");
    reopened.unlock(server, PIN);
    assertEquals("refresh-token-value-1", reopened.refreshToken());
  }

  @Test
  void aWipedDeviceForgetsEveryKey() {
    DeviceSecurity s = enrolled();
    s.wiped();
    assertEquals(State.WIPED, s.state());
    assertEquals(SdkErrorCodes.DEVICE_WIPED,
        assertThrows(FieldSyncException.class, s::dataKey).code());
    assertNull(s.sign("x".getBytes(StandardCharsets.UTF_8)));
    assertTrue(s.dataKeyIfUnlocked().isEmpty());
    assertEquals(SdkErrorCodes.DEVICE_WIPED, assertThrows(FieldSyncException.class,
        () -> s.unlock(server, PIN)).code());
  }

  private static boolean verifies(String publicKey, byte[] payload, String signature) {
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(publicKey), 0));
    v.update(payload, 0, payload.length);
    return v.verifySignature(Base64.getUrlDecoder().decode(signature));
  }

  /** The server's side of enrolment and leases, scripted; it keeps one lease key per device. */
  private final class ScriptedServer implements DeviceSecurity.Server {
    final List<String> enrolments = new ArrayList<>();
    final byte[] leaseKey = new byte[32];
    int resets;
    int leases;
    boolean offline;

    ScriptedServer() {
      new SecureRandom().nextBytes(leaseKey);
    }

    @Override
    public void enrol(String code, String publicKey, String deviceName, String appVersion) {
      enrolments.add(publicKey);
    }

    @Override
    public void resetSession() {
      resets++;
    }

    @Override
    public Lease lease() {
      if (offline) {
        throw new FieldSyncException(SdkErrorCodes.TRANSPORT_UNAVAILABLE, "no signal here");
      }
      leases++;
      return new Lease(leaseKey.clone(), clock.millis() + LEASE.toMillis());
    }
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-20T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
