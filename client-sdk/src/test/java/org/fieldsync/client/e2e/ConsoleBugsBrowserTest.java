package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The five console bugs found when a new sync admin tried it (issue 16), one test each, in a real
 * headless Chromium against a real server with real SDK devices. Each test waits for whichever
 * comes first, the fixed behaviour or the broken one, and then says which it saw.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class ConsoleBugsBrowserTest extends ServerBackedTest {
  private ConsoleBrowser b;

  @BeforeEach
  void startBrowser() throws Exception {
    b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium"), 1366);
  }

  @AfterEach
  void stopBrowser() {
    b.close();
  }

  @Test
  void aWrongPasswordKeepsWhatWasTypedAndMovesFocusToTheError() {
    b.open("");
    b.await("#username");
    b.tabToId("username");
    b.press("admin.gus");
    b.tabToId("password");
    b.press("not-the-password", Keys.ENTER);
    // The broken console signed out and drew an empty form again.
    b.wait.until(d -> b.js("return document.activeElement.matches('.error-summary')"
        + " || document.getElementById('username').value === '';"));
    assertEquals("admin.gus", b.driver.findElement(By.id("username")).getDomProperty("value"),
        "the user name is kept after a wrong password");
    b.assertFocusOn(".error-summary", "the error summary takes focus");
    assertTrue(b.active().getText().contains("user name or password"), b.active().getText());
  }

  @Test
  void aDeviceThatNeverReportedSaysSoInsteadOfUndefined() {
    try (FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea",
        "Tablet 7")) {
      assertEquals(200, raw.send("POST", "api/v1/admin/devices/" + bea.deviceId() + "/revoke",
          raw.token("admin.gus"), "{\"quarantine\":false}").status());
      b.signIn();
      b.open("#/devices");
      WebElement row = b.present("tr[data-device-id='" + bea.deviceId() + "']");
      assertFalse(row.getText().contains("undefined"), row.getText());
      assertTrue(row.getText().contains("Not reported"), row.getText());
    }
  }

  @Test
  void messagesFromOnePageDoNotFollowTheOfficerToTheNext() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String first = Fixtures.modeConflict(alice, bea);
      Fixtures.modeConflict(alice, bea);
      List<String> open = openConflicts();
      b.signIn();
      b.open("#/devices");
      b.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Devices"));
      assertFalse(outsideHeader().contains("Signed in as"), outsideHeader());

      String firstConflict = open.get(0).startsWith(first) ? open.get(0) : open.get(1);
      String otherConflict = open.get(0).equals(firstConflict) ? open.get(1) : open.get(0);
      String beaRev = bea.visits().get(first).orElseThrow().rev();
      resolve(firstConflict, "input[name='choice-mode'][value='side:" + beaRev + "']", null);
      b.open("#/conflicts/" + otherConflict);
      b.present("#conflict[data-status='open']");
      assertFalse(outsideHeader().contains("will reach every"),
          "the last resolution's message stays above a different, open conflict");
    }
  }

  @Test
  void focusGoesToTheErrorAfterARefusalAndToTheConfirmationAfterSuccess() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String id = Fixtures.conflict(List.of(alice, bea),
          v -> Fixtures.withNextVisit(v, LocalDate.of(2026, 12, 2)),
          v -> Fixtures.withNextVisit(v, LocalDate.of(2026, 12, 9)));
      String conflict = openConflicts().get(0);
      b.signIn();
      // A next visit before the visit itself: the server refuses it (422).
      resolve(conflict, "#choice-nextVisitDate-edit", "2020-01-01");
      b.wait.until(d -> b.js("return document.activeElement === document.body"
          + " || document.activeElement.matches('.error-summary');"));
      b.assertFocusOn(".error-summary", "after a refusal the error summary takes focus");
      assertTrue(b.inView(b.active()), "the error summary is on screen");

      String beaRev = bea.visits().get(id).orElseThrow().rev();
      resolve(conflict, "input[name='choice-nextVisitDate'][value='side:" + beaRev + "']", null);
      WebElement done = b.present("#resolution[data-rev]");
      assertTrue(b.inView(done), "the confirmation is on screen, not below the fold");
      b.assertFocusOn("#resolution, #resolution *", "the confirmation takes focus");
    }
  }

  @Test
  void revokingAsksForConfirmationAndSaysItWipesTheTablet() {
    try (FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea",
        "Tablet 7")) {
      bea.syncNow();
      String row = "tr[data-device-id='" + bea.deviceId() + "']";
      b.signIn();
      b.open("#/devices");
      b.present(row);
      b.tabTo("the revoke button", e -> "button".equals(e.getTagName())
          && e.getText().startsWith("Revoke") && e.getDomAttribute("class") != null
          && e.getDomAttribute("class").contains("revoke"));
      b.press(Keys.ENTER);
      b.wait.until(d -> !d.findElements(By.cssSelector(row + "[data-status='revoked']")).isEmpty()
          || !d.findElements(By.cssSelector(".warning-text")).isEmpty());
      assertEquals("active", deviceStatus(bea.deviceId()), "one Enter revoked the tablet");
      String warning = b.driver.findElement(By.cssSelector(".warning-text")).getText();
      assertTrue(warning.contains("wipe"), warning);
      b.tabTo("the hand-over choice", e -> "handover".equals(e.getDomAttribute("name")));
      b.press(Keys.SPACE);
      b.tabToId("revoke-confirm");
      b.press(Keys.ENTER);
      b.present(row + "[data-status='revoked']");
      assertEquals("revoked", deviceStatus(bea.deviceId()));
    }
  }

  /**
   * Resolves by keyboard: picks the radio, types an edited value if given, a reason, and
   * submits (through the check-your-answers page when the console has one).
   */
  private void resolve(String conflictId, String radio, String editedDate) {
    b.open("#/conflicts/" + conflictId);
    b.present("#conflict[data-status='open']");
    WebElement target = b.driver.findElement(By.cssSelector(radio));
    String group = target.getDomAttribute("name");
    b.tabTo("the radios of " + group, e -> group.equals(e.getDomAttribute("name")));
    for (int i = 0; i < 8 && !b.active().equals(target); i++) {
      b.press(Keys.ARROW_DOWN);
    }
    b.press(Keys.SPACE);
    if (editedDate != null) {
      String field = group.substring("choice-".length());
      if (b.driver.findElements(By.id("edit-" + field + "-day")).isEmpty()) {
        b.tabToId("edit-" + field);
        b.press(editedDate);
      } else {
        String[] ymd = editedDate.split("-");
        b.tabToId("edit-" + field + "-day");
        b.press(ymd[2]);
        b.tabToId("edit-" + field + "-month");
        b.press(ymd[1]);
        b.tabToId("edit-" + field + "-year");
        b.press(ymd[0]);
      }
    }
    b.tabToId("reason");
    b.retype("Checked with both workers.");
    b.tabToId("resolve-submit");
    b.press(Keys.ENTER);
    b.wait.until(d -> !d.findElements(By.cssSelector("#check-answers, #resolution[data-rev],"
        + " .error-summary, #status.error")).isEmpty());
    if (!b.driver.findElements(By.id("check-answers")).isEmpty()) {
      b.tabToId("confirm-resolve");
      b.press(Keys.ENTER);
      b.wait.until(d -> !d.findElements(By.cssSelector("#resolution[data-rev], .error-summary"))
          .isEmpty());
    }
  }

  private List<String> openConflicts() {
    JsonNode list = MergeAndReviewEndToEndTest.json(raw.send("GET",
        "api/v1/admin/conflicts?status=open", raw.token("admin.gus"), null)).get("conflicts");
    List<String> ids = new ArrayList<>();
    list.forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private String deviceStatus(String deviceId) {
    return server.store().read(tx -> tx.devices().enrolled(deviceId).orElseThrow().status());
  }

  private String outsideHeader() {
    return (String) b.js("return Array.from(document.body.children)"
        + ".filter(e => e.tagName !== 'HEADER' && e.tagName !== 'SCRIPT')"
        + ".map(e => e.innerText).join('\\n');");
  }
}
