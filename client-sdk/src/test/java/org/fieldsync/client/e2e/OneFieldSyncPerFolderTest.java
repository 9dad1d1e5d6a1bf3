package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncBuilder;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One FieldSync per data folder, in one process and across processes: two writers on one outbox
 * is how work gets lost. Real Couchbase Lite, a real second JVM.
 */
class OneFieldSyncPerFolderTest {
  @TempDir Path tmp;

  private FieldSyncBuilder builder(Path dir) {
    return FieldSync.builder().serverUrl("http://127.0.0.1:9/").dataDir(dir)
        .credentials(() -> new Credentials("fw.alice", "x"));
  }

  @Test
  void aSecondFieldSyncOnTheSameFolderInThisProcessIsRefusedUntilTheFirstCloses() {
    Path dir = tmp.resolve("tablet");
    try (FieldSync first = builder(dir).build()) {
      FieldSyncException e = assertThrows(
          FieldSyncException.class, () -> builder(dir).build());
      assertEquals(SdkErrorCodes.STORE_IN_USE, e.code());
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(first.status() != null, "the first one is unharmed");
    }
    try (FieldSync again = builder(dir).build()) {
      assertTrue(again.deviceId() != null, "free again once closed");
    }
  }

  @Test
  void aFolderHeldByAnotherProcessIsRefusedAndFreedWhenThatProcessEnds() throws Exception {
    Path dir = tmp.resolve("tablet");
    Path marker = tmp.resolve("held");
    try (ChildJvm child = ChildJvm.start(tmp.resolve("child"), HoldFolderMain.class,
        dir.toString(), marker.toString())) {
      // Wait for the marker's content, not its name: a file can be seen before its bytes are.
      Fixtures.await("the other process to hold the folder", Duration.ofSeconds(60),
          () -> marker.toFile().length() > 0);
      assertTrue(Files.readString(marker).startsWith("held"), Files.readString(marker));
      FieldSyncException e = assertThrows(
          FieldSyncException.class, () -> builder(dir).build());
      assertEquals(SdkErrorCodes.STORE_IN_USE, e.code());
      assertTrue(e.getMessage().contains("another process"), e.getMessage());
      assertEquals(0, child.finish(Duration.ofSeconds(30)), child.stderr());
    }
    try (FieldSync mine = builder(dir).build()) {
      assertTrue(mine.deviceId() != null, "free once the other process closed it");
    }
  }
}
