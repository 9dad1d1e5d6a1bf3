package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.testing.FlakyReceiver;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;

/**
 * The Exports page in a real Chromium, by keyboard alone: a sync admin sees an export the
 * receiver refused, with the receiver's own answer, retries it and then skips it, each with a
 * reason that lands in the audit trail; the page passes axe-core and reflows.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class ConsoleExportsBrowserTest {
  @TempDir Path tmp;

  @Test
  void aFailedExportIsShownWithTheSinksAnswerAndRetriedThenSkippedWithAReason()
      throws Exception {
    // The receiver trusts another key, so it refuses every request: the entry is dead at once.
    String otherKey = ServerKeys.fromSeed(new byte[32]).publicKeyBase64();
    try (FlakyReceiver refusing = new FlakyReceiver(otherKey, "other", 0, 0, 1L).start()) {
      Path exports = tmp.resolve("exports.json");
      Files.writeString(exports, "{\"sinks\":[{\"name\":\"mosaic\",\"kind\":\"http\",\"url\":\""
          + refusing.url() + "\"}],\"pollMillis\":20,\"backoffMillis\":10}");
      try (TestServer server = TestServer.start(tmp.resolve("server"), ServerConfig.defaults()
          .with(b -> b.exports(exports.toString())));
          FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("alice"), "fw.alice")) {
        List<String> kids = List.of("child-0001");
        alice.visits().create("case-0001", kids, Fixtures.visit(kids, "Seen at home."));
        alice.syncNow();
        awaitDead(server);
        ConsoleBrowser b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium"), 1366);
        try {
          b.signIn();
          b.tabTo("the Exports link", e -> e.getText().strip().equals("Exports"));
          b.press(Keys.ENTER);
          b.present("main[data-page='exports'] #exports");
          String text = b.mainText();
          assertTrue(text.contains("401") && text.contains("unknown key"), text);
          b.check("exports");

          act(b, "Retry", "Retry now", "The receiver's key was updated.");
          awaitDead(server);
          b.open("#/exports?status=dead"); // a new address: the page is drawn afresh
          b.present("main[data-page='exports'] #exports");
          act(b, "Skip", "Skip it", "Sent to the receiver by hand.");
          assertEquals(1L, (long) server.store().<Long>read(tx -> tx.exports().counts()
              .getOrDefault("mosaic/skipped", 0L)));
          String audit = server.store().read(tx -> tx.audit().entries(0, 10_000).toString());
          assertTrue(audit.contains("export.retry") && audit.contains("receiver's key was"),
              "retry audited with its reason");
          assertTrue(audit.contains("export.skip") && audit.contains("Sent to the receiver"),
              "skip audited with its reason");
        } finally {
          b.close();
        }
      }
    }
  }

  /** Tab to the action, give a reason, confirm; back on the Exports page with a notice. */
  private static void act(ConsoleBrowser b, String link, String confirm, String reason) {
    String href = "#/exports/" + link.toLowerCase() + "/";
    b.tabTo("the " + link + " link", e -> e.getText().strip().startsWith(link)
        && String.valueOf(e.getDomAttribute("href")).startsWith(href));
    b.press(Keys.ENTER);
    b.present("main[data-page='export-action'] #export-action");
    b.check("export-" + link.toLowerCase());
    b.tabToId("reason");
    b.press(reason);
    b.tabToText(confirm);
    b.press(Keys.ENTER);
    b.present("main[data-page='exports']");
    b.assertFocusOn("#banner", "the outcome is announced");
  }

  private static void awaitDead(TestServer server) {
    Fixtures.await("a dead export", Duration.ofSeconds(30), () -> server.store()
        .<Long>read(tx -> tx.exports().counts().getOrDefault("mosaic/dead", 0L)) == 1L);
  }
}
