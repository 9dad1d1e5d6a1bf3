package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncStatus;
import org.junit.jupiter.api.Test;

/**
 * What a tablet app meets when the signal comes and goes: background sync resumes within
 * seconds of the server answering again, however long its backoff had grown; and the day-one
 * mistakes (enrolling without a PIN, a builder missing a setting) are FieldSyncExceptions.
 */
class ComingBackOnlineEndToEndTest extends ServerBackedTest {

  @Test
  void backgroundSyncPushesWithinSecondsOfTheServerComingBackDuringALongBackoff() {
    try (FieldSync alice = FieldSync.builder().serverUrl(server.baseUrl())
        .dataDir(tmp.resolve("a")).credentials(() -> new Credentials("fw.alice",
            Fixtures.PASSWORD)).pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
        .backoff(Duration.ofSeconds(30), Duration.ofMinutes(5)) // a first wait of 15-30 s
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).build()) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      alice.syncNow();
      server.stop();
      alice.startSync();
      alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Written in a signal black spot."));
      Fixtures.await("a failed pass", Duration.ofSeconds(20),
          () -> alice.status().phase() == SyncStatus.Phase.BACKING_OFF);
      long back = System.nanoTime();
      server.start();
      Fixtures.await("a pass that pushes and clears the error", Duration.ofSeconds(20), () -> {
        SyncStatus s = alice.status();
        return s.pending() == 0 && s.lastError() == null && s.lastErrorAt() == null;
      });
      long waited = Duration.ofNanos(System.nanoTime() - back).toMillis();
      assertTrue(waited < 5_000, "synced " + waited + " ms after the server came back");
    }
  }

  @Test
  void enrollingWithoutAPinIsAFieldSyncExceptionThatSaysWhatIsMissing() {
    try (FieldSync alice = FieldSync.builder().serverUrl(server.baseUrl())
        .dataDir(tmp.resolve("a")).credentials(() -> new Credentials("fw.alice",
            Fixtures.PASSWORD)).build()) {
      FieldSyncException e = assertThrows(FieldSyncException.class,
          () -> alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Tablet"));
      assertEquals(SdkErrorCodes.VAULT_PIN_REQUIRED, e.code());
      assertTrue(e.getMessage().contains("PIN"), e.getMessage());
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Tablet",
          Fixtures.PIN.toCharArray());
      assertTrue(alice.enrolled() && alice.unlocked(), "the PIN can come with enrol itself");
    }
  }

  @Test
  void aBuilderMissingASettingIsAFieldSyncException() {
    FieldSyncException e = assertThrows(FieldSyncException.class,
        () -> FieldSync.builder().dataDir(tmp.resolve("a")).build());
    assertEquals(SdkErrorCodes.CONFIG_INVALID, e.code());
    assertEquals(SdkErrorCodes.CONFIG_INVALID, assertThrows(FieldSyncException.class,
        () -> FieldSync.builder().pushBatchSize(0)).code());
    assertEquals(SdkErrorCodes.CONFIG_INVALID, assertThrows(FieldSyncException.class,
        () -> FieldSync.builder().pinnedPublicKey("not-a-pin")).code());
  }
}
