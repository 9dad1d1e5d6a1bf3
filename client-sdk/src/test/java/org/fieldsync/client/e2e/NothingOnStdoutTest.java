package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Couchbase Lite's log goes through the SDK's logger at the level the app chose, and nothing
 * reaches stdout, not even the line it prints while it initialises. A fresh JVM each time, since
 * Couchbase Lite initialises once per process.
 */
class NothingOnStdoutTest {
  @TempDir Path tmp;

  private String run(String level) throws Exception {
    try (ChildJvm child = ChildJvm.start(tmp.resolve("child-" + level), QuietStoreMain.class,
        tmp.resolve("tablet-" + level).toString(), level)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.stderr());
      assertEquals("", child.stdout(), "nothing on stdout");
      return child.stderr();
    }
  }

  @Test
  void couchbaseLitesLogReachesTheSdkLoggerAndNeverStdout() throws Exception {
    String err = run("INFO");
    assertTrue(err.contains("first=") && err.contains("CBL-ANDROID Initialized"),
        "the start-up line is routed: " + err);
  }

  @Test
  void theAppChosenLevelDecidesHowMuchOfCouchbaseLitesLogArrives() throws Exception {
    assertEquals(0, routed(run("ERROR")), "nothing goes wrong, so nothing at ERROR");
    assertTrue(routed(run("ALL")) > 0, "ALL lets Couchbase Lite's chatter through");
  }

  private static int routed(String stderr) {
    int i = stderr.indexOf("routed=");
    return Integer.parseInt(stderr.substring(i + 7, stderr.indexOf(' ', i)));
  }
}
