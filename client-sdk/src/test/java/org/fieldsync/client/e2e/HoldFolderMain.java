package org.fieldsync.client.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;

/**
 * A second process for the lock test: opens a FieldSync on the folder in {@code args[0]}, writes
 * {@code args[1]} once it holds it (or the refusal's code), and closes on a line from stdin.
 */
public final class HoldFolderMain {
  private HoldFolderMain() {}

  public static void main(String[] args) throws IOException {
    Path marker = Path.of(args[1]);
    try (FieldSync fs = FieldSync.builder().serverUrl("http://127.0.0.1:9/")
        .dataDir(Path.of(args[0])).credentials(() -> new Credentials("fw.alice", "x")).build()) {
      Files.writeString(marker, "held " + fs.deviceId());
      System.in.read();
    } catch (FieldSyncException e) {
      Files.writeString(marker, e.code());
    }
    // Couchbase Lite keeps a non-daemon pool thread alive: a command-line program exits.
    System.exit(0);
  }
}
