package org.fieldsync.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.cli.Main;
import org.fieldsync.server.testing.ProcessLogs;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder holds every case record, the secrets and the TLS key: it is the server
 * account's alone (folder {@code 0700}, files {@code 0600}), whatever the umask, and a folder an
 * older version left more open is tightened at start.
 */
class DataFolderModesTest {
  /** What a running server keeps in a fresh folder with a self-signed certificate. */
  private static final List<String> FILES = List.of("fieldsync.db", "fieldsync.db-shm",
      "fieldsync.db-wal", "lease-secret", "server-signing.key", "tls-cert.pem", "tls-key.pem",
      "token-secret");

  @TempDir Path tmp;

  /** Every entry of the folder with its mode, the folder itself as ".". */
  private static Map<String, String> modes(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    out.put(".", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        out.put(f.getFileName().toString(),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    return out;
  }

  private static void assertOwnerOnly(Path dir) throws IOException {
    Map<String, String> modes = modes(dir);
    assertTrue(modes.keySet().containsAll(FILES), "every file is there: " + modes);
    modes.forEach((name, mode) -> assertEquals(".".equals(name) ? "rwx------" : "rw-------",
        mode, name + " in " + modes));
  }

  @Test
  void aFreshDataFolderIsOwnerOnlyWhileTheServerRuns() throws Exception {
    Path data = tmp.resolve("data");
    try (TestServer server = TestServer.start(data,
        ServerConfig.builder().tlsSelfSigned(true).build())) {
      assertOwnerOnly(data);
    }
  }

  @Test
  void aFolderAnOlderVersionLeftOpenIsTightenedAtStart() throws Exception {
    Path data = tmp.resolve("data");
    try (TestServer server = TestServer.start(data,
        ServerConfig.builder().tlsSelfSigned(true).build())) {
      server.stop();
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
      try (Stream<Path> files = Files.list(data)) {
        for (Path f : files.toList()) {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      server.start();
      assertOwnerOnly(data);
    }
  }

  @Test
  void aServerStartedUnderUmaskZeroStillKeepsItsFolderOwnerOnly() throws Exception {
    Path data = tmp.resolve("open").resolve("data");
    String java = ProcessHandle.current().info().command().orElse("java");
    // umask belongs to the process, so only a process of its own can show this.
    Process p = new ProcessBuilder("sh", "-c", "umask 000 && exec \"$0\" -cp \"$1\" \"$2\" --demo"
        + " --tls-self-signed --port 0 --data \"$3\"", java, System.getProperty("java.class.path"),
        Main.class.getName(), data.toString()).redirectErrorStream(true).start();
    try {
      ProcessLogs.awaitMessage(p, "fieldsync listening on");
      assertOwnerOnly(data);
      assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(
          data.getParent())), "the process really ran with umask 000");
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
