package org.fieldsync.server.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ProtocolCodec;

/** The JSON log lines of a server running in a process of its own, read as they come. */
public final class ProcessLogs {
  private ProcessLogs() {}

  /**
   * Waits (at most 90 seconds, no sleeping) for a log message that starts with {@code prefix},
   * and returns it; fails with every line seen if the process exits or the time runs out first.
   */
  public static String awaitMessage(Process p, String prefix) throws InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      } catch (IOException e) {
        lines.add("read failed: " + e.getMessage());
      }
    });
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    String found = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (found == null && System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        String message = line.startsWith("{")
            ? ProtocolCodec.readTree(line).path("formattedMessage").asText() : line;
        found = message.startsWith(prefix) ? message : null;
      }
      assertTrue(p.isAlive() || !lines.isEmpty(), "the server exited: " + seen);
    }
    assertNotNull(found, "no line starting '" + prefix + "' in " + seen);
    return found;
  }
}
