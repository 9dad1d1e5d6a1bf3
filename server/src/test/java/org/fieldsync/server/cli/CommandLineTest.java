package org.fieldsync.server.cli;

import static org.fieldsync.server.cli.CommandLines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.cli.CommandLines.Run;
import org.fieldsync.server.demo.DemoData;
import org.fieldsync.server.testing.ProcessLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command line: its commands, and one clear line for every mistake. */
class CommandLineTest {
  @TempDir Path tmp;

  private static void assertOneLineUsageError(Run r, String... mentions) {
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String m : mentions) {
      assertTrue(r.err().contains(m), r.err());
    }
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  @Test
  void aPortThatIsNotANumberIsOneLineAndExitCodeTwoInAnyForm() {
    assertOneLineUsageError(run("--port", "abc"), "--port", "abc");
    assertOneLineUsageError(run("serve", "--port", "abc"), "--port", "abc");
    assertOneLineUsageError(run("--demo", "--bogus"), "--bogus");
    assertOneLineUsageError(run("verify-audit", "--config", tmp.resolve("none.json").toString()),
        "none.json", "does not exist");
  }

  @Test
  void theJarExitsWithTwoAndNoStackTraceOnABadPort() throws Exception {
    Process p = java("--port", "abc");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), err);
    assertEquals(List.of("fieldsync-server: Invalid value for option '--port': 'abc' is not an"
        + " int (see --help)"), err.strip().lines().toList());
    assertEquals("", out.strip(), "nothing starts");
  }

  @Test
  void theUsageNamesEveryCommandAndEveryServeOption() {
    Run help = run("--help");
    assertEquals(0, help.exit(), help.err());
    for (String named : List.of("--demo", "--port", "--data", "--config", "--tls-self-signed",
        "serve", "verify-audit", "verify-store")) {
      assertTrue(help.out().contains(named), named + " in " + help.out());
    }
    Run serve = run("serve", "--help");
    assertTrue(serve.out().contains("--tls-self-signed"), serve.out());
    Run verify = run("verify-store", "--help");
    assertTrue(verify.out().contains("--data") && verify.out().contains("integrity"),
        verify.out());
  }

  @Test
  void verifyAuditAndItsOldFlagAgreeOnAFreshDataFolder() {
    Run sub = run("verify-audit", "--data", tmp.toString());
    assertEquals(0, sub.exit(), sub.err());
    JsonNode result = ProtocolCodec.readTree(sub.out());
    assertTrue(result.get("ok").asBoolean(), sub.out());
    Run alias = run("--verify-audit", "--data", tmp.toString());
    assertEquals(0, alias.exit(), alias.err());
    assertEquals(result, ProtocolCodec.readTree(alias.out()));
  }

  @Test
  void theReadmeCommandWithNoSubcommandServesTheDemo() throws Exception {
    Process p = java("--demo", "--port", "0", "--data", tmp.resolve("data").toString());
    try {
      String ready = ProcessLogs.awaitMessage(p, "demo ready on http://127.0.0.1:");
      for (String user : DemoData.usernames()) {
        assertTrue(ready.contains(user), "the demo line names " + user + ": " + ready);
      }
      assertTrue(ready.contains("sm.jude"), ready);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** The server's main class in a JVM of its own, as {@code java -jar} runs it. */
  private static Process java(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }
}
