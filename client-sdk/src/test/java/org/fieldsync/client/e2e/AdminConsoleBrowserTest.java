package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The admin console in a real headless Chromium (Debian's, driven through its chromedriver; no
 * browser download): a sync admin resolves, with the keyboard only, a real conflict that two real
 * SDK devices produced, and both devices then hold the resolution; the record's history shows
 * every version; revoking a tablet that may hand over its work keeps that work.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class AdminConsoleBrowserTest extends ServerBackedTest {
  private ConsoleBrowser b;

  @BeforeEach
  void startBrowser() {
    b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium-profile"), 1366);
  }

  @AfterEach
  void stopBrowser() {
    b.close();
  }

  @Test
  void adminResolvesARealConflictWithTheKeyboardAndBothDevicesConverge() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String id = Fixtures.modeConflict(alice, bea);
      String beaRev = bea.visits().get(id).orElseThrow().rev();

      b.signIn();
      b.present("#conflict-queue tr[data-conflict-id] a.review");
      b.tabTo("the Review link", e -> e.getText().startsWith("Review"));
      b.press(Keys.ENTER);

      // Choose Bea's value, give a reason, check the answers, resolve.
      b.present("#conflict[data-status='open']");
      b.tabTo("the radios of the mode", e -> "choice-mode".equals(e.getDomAttribute("name")));
      for (int i = 0; i < 4 && !("side:" + beaRev).equals(b.active().getDomAttribute("value"));
          i++) {
        b.press(Keys.ARROW_DOWN);
      }
      b.press(Keys.SPACE);
      assertTrue(b.active().isSelected(), "the radio is chosen from the keyboard");
      b.tabToId("reason");
      b.press("Phone call confirmed in the duty log.");
      b.tabToId("resolve-submit");
      b.press(Keys.ENTER);
      b.present("#check-answers");
      b.tabToId("confirm-resolve");
      b.press(Keys.ENTER);
      String resolvedRev = b.present("#resolution[data-rev]").getDomAttribute("data-rev");
      b.present("#conflict[data-status='resolved']");

      // Both devices receive the resolution.
      alice.syncNow();
      bea.syncNow();
      for (FieldSync device : List.of(alice, bea)) {
        LocalRecord<Visit> r = device.visits().get(id).orElseThrow();
        assertEquals(SyncState.SYNCED, r.state());
        assertEquals(Visit.Mode.PHONE, r.body().mode());
        assertEquals(resolvedRev, r.rev());
      }

      // The record's history shows how it came to be: four versions.
      b.tabToId("history-link");
      b.press(Keys.ENTER);
      b.present("#history [data-rev='" + resolvedRev + "']");
      assertEquals(4, b.driver.findElements(By.cssSelector("#history [data-rev]")).size());

      // The devices page lists both tablets with their workers.
      b.open("#/devices");
      b.present("#devices tr[data-device-id='" + alice.deviceId() + "']");
      String beaRow = "#devices tr[data-device-id='" + bea.deviceId() + "']";
      assertTrue(b.driver.findElement(By.cssSelector(beaRow)).getText()
          .contains("Bea Trevithick"));

      // Revoke Bea's tablet, letting it hand over its work first.
      bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Written but never pushed."));
      b.tabTo("Revoke for Bea's tablet", e -> e.getText().startsWith("Revoke")
          && e.getDomProperty("textContent").contains("Bea Trevithick"));
      b.press(Keys.ENTER);
      b.tabTo("the hand-over choice", e -> "handover".equals(e.getDomAttribute("name")));
      b.press(Keys.SPACE);
      assertEquals("handover-yes", b.active().getDomAttribute("id"));
      b.tabToId("revoke-confirm");
      b.press(Keys.ENTER);
      b.present(beaRow + "[data-status='revoked']");
      String beaDevice = bea.deviceId();
      FieldSyncException wiped = assertThrows(FieldSyncException.class, bea::syncNow);
      assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
      assertEquals(1, (int) server.store().<Integer>read(
          tx -> tx.devices().quarantined(beaDevice)),
          "Bea's unpushed visit was handed over before the wipe");

      JsonNode conflicts = MergeAndReviewEndToEndTest.json(raw.send("GET",
          "api/v1/admin/conflicts?status=resolved", raw.token("admin.gus"), null));
      assertEquals(1, conflicts.get("conflicts").size());
    }
  }
}
