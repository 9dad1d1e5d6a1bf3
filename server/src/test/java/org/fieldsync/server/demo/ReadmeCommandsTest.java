package org.fieldsync.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first commands, as a newcomer types them, against a demo server with the demo's
 * records: they run, and they show a case with something in it.
 */
class ReadmeCommandsTest {
  @TempDir Path tmp;

  @Test
  void theReadmesCurlCommandsShowADemoCaseWithItsRecords() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      DemoData.loadRecords(server.store());
      DemoData.loadRecords(server.store()); // loading twice changes nothing
      String script = readmeBlock("TOKEN=$(curl").replace("localhost:8080",
          "127.0.0.1:" + server.port());
      Process p = new ProcessBuilder("bash", "-c", "set -e\n" + script)
          .redirectErrorStream(true).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("\"label\":\"Family DW-1\""), "the caseload: " + out);
      assertTrue(out.contains("\"childWords\":\"I like it when Nan picks me up.\""),
          "the timeline of case-0001: " + out);
      for (String id = "0193a4f2-6c1e-7b3a-9d2e-00000000000", n = "12345"; !n.isEmpty();
          n = n.substring(1)) {
        assertTrue(out.contains(id + n.charAt(0)), "record " + n.charAt(0));
      }
    }
  }

  /** The README's fenced block that starts with {@code start}. */
  private static String readmeBlock(String start) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int at = readme.indexOf("```\n" + start);
    assertTrue(at >= 0, "the README has the block");
    return readme.substring(at + 4, readme.indexOf("```", at + 4));
  }
}
