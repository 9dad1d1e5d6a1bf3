package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 16's "done when", at 1366 px, at 200% zoom and at 400 px, pressing only Tab,
 * Shift+Tab, the arrow keys, Space and Enter (and typing into the field that has focus): a
 * business-support officer signs in, opens a 3-sided conflict on a visit from the queue, meets
 * the error summary, decides both clashes, checks the answers, resolves, reads what was kept and
 * why in the confirmation and the history, and revokes a lost tablet after reading what that
 * does. Every page is checked
 * with axe-core, for sideways scrolling and for labels, and saved as a screenshot under
 * {@code target/console-screenshots/<width>/}.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class ConsoleKeyboardWalkTest extends ServerBackedTest {
  private static final String REASON = "Dan booked the child protection review for 16 December;"
      + " the family were told by phone.";
  private ConsoleBrowser b;

  @AfterEach
  void stopBrowser() {
    if (b != null) {
      b.close();
    }
  }

  /** 683 CSS pixels is a 1366 px screen at 200% zoom. */
  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1366, 683, 400})
  void anOfficerResolvesAThreeSidedConflictAndRevokesALostTabletByKeyboard(int width) {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice",
        "Tablet 14");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea", "Tablet 7");
        FieldSync dan = Fixtures.device(server.baseUrl(), tmp.resolve("d"), "sw.dan",
            "Tablet 22")) {
      String id = Fixtures.conflict(List.of(alice, bea, dan),
          v -> Fixtures.withNotes(Fixtures.withMode(next(v, 2), Visit.Mode.SCHOOL),
              "Visit notes. Alice: school nurse to call."),
          v -> Fixtures.withMode(next(v, 9), Visit.Mode.PHONE),
          v -> Fixtures.withNotes(Fixtures.withMode(next(v, 16), Visit.Mode.PHONE),
              "Visit notes. Dan: CP review booked."));
      String danRev = dan.visits().get(id).orElseThrow().rev();
      b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium"), width);

      signIn();
      openTheConflictFromTheQueue();
      meetTheErrorSummaryThenDecide(danRev);
      checkTheAnswersAndResolve();
      readTheHistory(id);
      revokeTheLostTablet(bea);
    }
  }

  private void signIn() {
    b.open("");
    b.await("#username");
    b.check("sign-in");
    b.tabToId("username");
    b.press("admin.gus");
    b.tabToId("password");
    b.press(Fixtures.PASSWORD, Keys.ENTER);
    b.present("main[data-page='queue'] #conflict-queue");
    assertEquals("page", b.driver.findElement(By.cssSelector("#nav a[href='#/queue']"))
        .getDomAttribute("aria-current"));
    b.check("queue");
    assertTrue(b.mainText().contains("Family DW-1 (case-0001)"), b.mainText());
  }

  private void openTheConflictFromTheQueue() {
    b.tabTo("the Review link", e -> "a".equals(e.getTagName())
        && e.getText().startsWith("Review"));
    b.press(Keys.ENTER);
    b.present("#conflict[data-status='open']");
    String page = b.mainText();
    for (String choice : List.of("Dan Jago, Tablet 22: 16 December 2026",
        "Alice Penrose, Tablet 14: 2 December 2026", "Bea Trevithick, Tablet 7: 9 December 2026",
        "Alice Penrose, Tablet 14: At school", "Both additions will be kept",
        "Before these changes: 4 December 2026.")) {
      assertTrue(page.contains(choice), choice + " in:\n" + page);
    }
    assertTrue(page.matches("(?s).*Bea Trevithick, Tablet 7 and Dan Jago, Tablet 22: Phone call.*"
        + "|.*Dan Jago, Tablet 22 and Bea Trevithick, Tablet 7: Phone call.*"), page);
    for (String engine : List.of("base", "scalar", "append-text", "Merges to", "nextVisitDate",
        "Base", " set ", "undefined", "{\"")) {
      assertFalse(page.contains(engine), "\"" + engine + "\" on the conflict page:\n" + page);
    }
    assertTrue(page.contains("fields unchanged – show"), "unchanged fields are collapsed");
    assertTrue(b.driver.findElements(By.id("override-_caseId")).isEmpty()
        && b.driver.findElements(By.id("override-_childIds")).isEmpty()
        && b.driver.findElements(By.id("override-_deleted")).isEmpty(),
        "no override of structural fields is offered");
    b.check("conflict");
  }

  private void meetTheErrorSummaryThenDecide(String danRev) {
    b.tabToId("resolve-submit");
    b.press(Keys.ENTER);
    b.assertFocusOn(".error-summary", "the error summary takes focus");
    b.check("conflict-errors");
    // The summary's first link leads to the first field with a problem.
    b.tabTo("the first error link",
        e -> e.getText().startsWith("Choose what to keep for next visit date"));
    b.press(Keys.ENTER);
    b.assertFocusOn("input[name='choice-nextVisitDate']", "the error link moves to the radios");
    choose("choice-nextVisitDate", e -> ("side:" + danRev).equals(e.getDomAttribute("value")));
    b.tabTo("the radios of the mode", e -> "choice-mode".equals(e.getDomAttribute("name")));
    choose("choice-mode", e -> labelOf(e).endsWith("Phone call"));
    b.tabToId("reason");
    b.press(REASON);
    b.tabToId("resolve-submit");
    b.press(Keys.ENTER);
  }

  private void checkTheAnswersAndResolve() {
    b.present("#check-answers");
    String answers = b.mainText();
    assertTrue(answers.contains("Dan Jago, Tablet 22: 16 December 2026"), answers);
    assertTrue(answers.contains("Both additions will be kept"), answers);
    assertTrue(answers.contains(REASON), answers);
    b.check("check-answers");
    b.tabToId("confirm-resolve");
    b.press(Keys.ENTER);
    WebElement done = b.present("#resolution[data-rev]");
    b.assertFocusOn("#resolution", "the confirmation takes focus");
    assertTrue(b.inView(done), "the confirmation is on screen");
    String kept = b.driver.findElement(By.id("kept")).getText();
    assertTrue(kept.contains("Kept the value from Dan Jago, Tablet 22"), kept);
    assertTrue(kept.contains("16 December 2026"), kept);
    assertTrue(kept.matches("(?s).*Kept the value from (Bea Trevithick, Tablet 7 and Dan Jago,"
        + " Tablet 22|Dan Jago, Tablet 22 and Bea Trevithick, Tablet 7).*Phone call.*"), kept);
    assertTrue(kept.contains("Both additions kept"), kept);
    assertTrue(b.mainText().contains(REASON));
    assertTrue(b.mainText().contains("There are no more conflicts waiting for a decision"));
    b.check("resolved");
  }

  private void readTheHistory(String recordId) {
    b.tabToId("history-link");
    b.press(Keys.ENTER);
    b.present("#history [data-outcome='resolution']");
    String history = b.mainText();
    for (String words : List.of("Conflict resolved by Gus Rowse", "Reason given:", REASON,
        "On Tablet 22", "On Tablet 14", "Next visit date", "16 December 2026",
        "Recorded by Alice Penrose", "Family DW-1 (case-0001)")) {
      assertTrue(history.contains(words), words + " in:\n" + history);
    }
    List<String> revs = server.store().read(tx -> tx.revisions().history(recordId).stream()
        .map(h -> h.revision().rev()).toList());
    for (String rev : revs) {
      assertFalse(history.contains(rev.substring(2, 14)), "no hashes in the main view");
    }
    assertFalse(history.contains("{\"") || history.contains("\\n"), "no raw JSON");
    b.check("history");
  }

  private void revokeTheLostTablet(FieldSync bea) {
    b.shiftTabTo("Devices in the navigation", e -> "#/devices".equals(e.getDomAttribute("href")));
    b.press(Keys.ENTER);
    String row = "#devices tr[data-device-id='" + bea.deviceId() + "']";
    b.present(row);
    assertEquals("page", b.driver.findElement(By.cssSelector("#nav a[href='#/devices']"))
        .getDomAttribute("aria-current"));
    b.check("devices");
    b.tabTo("Revoke for Tablet 7", e -> e.getText().startsWith("Revoke")
        && e.getDomProperty("textContent").contains("Tablet 7"));
    b.press(Keys.ENTER);
    String warning = b.present(".warning-text").getText();
    assertTrue(warning.contains("Revoking wipes the tablet"), warning);
    assertTrue(b.mainText().contains("Hand-over means"), b.mainText());
    b.check("revoke");
    b.tabTo("the hand-over choice", e -> "handover".equals(e.getDomAttribute("name")));
    choose("handover", e -> "handover-no".equals(e.getDomAttribute("id")));
    b.tabToId("revoke-confirm");
    b.press(Keys.ENTER);
    b.present(row + "[data-status='revoked']");
    b.assertFocusOn("#banner", "the success message takes focus");
    assertTrue(b.active().getText().contains("Tablet 7 has been revoked"), b.active().getText());
    b.check("revoked");
    FieldSyncException wiped = assertThrows(FieldSyncException.class, bea::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
  }

  /** Arrow keys through a radio group (each press chooses) until the wanted radio. */
  private void choose(String group, Predicate<WebElement> wanted) {
    for (int i = 0; i < 10; i++) {
      WebElement a = b.active();
      assertEquals(group, a.getDomAttribute("name"), "focus left the radios of " + group);
      if (wanted.test(a)) {
        b.press(Keys.SPACE);
        assertTrue(b.active().isSelected());
        return;
      }
      b.press(Keys.ARROW_DOWN);
    }
    throw new AssertionError("no such choice in " + group);
  }

  private String labelOf(WebElement radio) {
    return b.driver.findElement(By.cssSelector("label[for='" + radio.getDomAttribute("id") + "']"))
        .getText();
  }

  private static Visit next(Visit v, int december) {
    return Fixtures.withNextVisit(v, LocalDate.of(2026, 12, december));
  }
}
