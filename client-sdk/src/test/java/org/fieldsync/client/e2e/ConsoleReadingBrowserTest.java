package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The conflict page speaks the officer's language: two tablets of one worker are told apart by
 * their names, a code is chosen from its words, and a new date is entered as day, month and year
 * with a hint, checked before anything is sent, and shown in words on the way to the resolution.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class ConsoleReadingBrowserTest extends ServerBackedTest {
  private ConsoleBrowser b;

  @BeforeEach
  void startBrowser() {
    b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium"), 1366);
  }

  @AfterEach
  void stopBrowser() {
    b.close();
  }

  @Test
  void twoTabletsOfOneWorkerAreToldApartAndNewValuesAreEnteredInWords() {
    try (FieldSync first = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice",
        "Tablet 14");
        FieldSync second = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.alice",
            "Tablet 15")) {
      Fixtures.conflict(List.of(first, second),
          v -> Fixtures.withMode(next(v, 2), Visit.Mode.SCHOOL),
          v -> Fixtures.withMode(next(v, 9), Visit.Mode.PHONE));
      b.signIn();
      b.tabTo("the Review link", e -> e.getText().startsWith("Review"));
      b.press(Keys.ENTER);
      b.present("#conflict[data-status='open']");
      String page = b.mainText();
      for (String choice : List.of("Alice Penrose, Tablet 14: At school",
          "Alice Penrose, Tablet 15: Phone call", "Alice Penrose, Tablet 14: 2 December 2026",
          "Alice Penrose, Tablet 15: 9 December 2026")) {
        assertTrue(page.contains(choice), choice + " in:\n" + page);
      }

      // A code, chosen from its words.
      b.tabTo("the radios of the mode", e -> "choice-mode".equals(e.getDomAttribute("name")));
      chooseLast("choice-mode");
      assertEquals("Choose a different one", label(b.active()));
      b.tabToId("edit-mode");
      b.press(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN);
      assertEquals("Video call", b.driver.findElement(By.cssSelector("#edit-mode"))
          .findElement(By.cssSelector("option:checked")).getText());

      // A date, as day, month and year with a hint; an impossible one is caught at once.
      b.tabTo("the radios of the next visit date",
          e -> "choice-nextVisitDate".equals(e.getDomAttribute("name")));
      chooseLast("choice-nextVisitDate");
      assertEquals("For example, 2 12 2026",
          b.driver.findElement(By.id("edit-nextVisitDate-hint")).getText());
      typeDate("31", "2", "2026");
      b.tabToId("reason");
      b.press("Both tablets were Alice's; the family asked for a video call on the 10th.");
      b.tabToId("resolve-submit");
      b.press(Keys.ENTER);
      WebElement summary = b.present(".error-summary");
      b.assertFocusOn(".error-summary", "the error summary takes focus");
      String error = "The new next visit date must be a real date";
      assertTrue(summary.getText().contains(error), summary.getText());
      assertTrue(b.driver.findElement(By.cssSelector("#group-choice-nextVisitDate .error-message"))
          .getText().contains(error));
      b.tabTo("the error's link", e -> e.getText().startsWith(error));
      b.press(Keys.ENTER);
      b.assertFocusOn("#edit-nextVisitDate-day", "the link leads to the day");
      b.retype("10");
      b.tabToId("edit-nextVisitDate-month");
      b.retype("12");
      b.tabToId("resolve-submit");
      b.press(Keys.ENTER);

      String answers = b.present("#check-answers").getText();
      assertTrue(answers.contains("A new value you entered: 10 December 2026"), answers);
      assertTrue(answers.contains("A new value you entered: Video call"), answers);
      b.tabToId("confirm-resolve");
      b.press(Keys.ENTER);
      String kept = b.present("#resolution[data-rev] ~ #kept, #kept").getText();
      assertTrue(kept.contains("Kept a new value entered by Gus Rowse"), kept);
      assertTrue(kept.contains("10 December 2026") && kept.contains("Video call"), kept);
    }
  }

  /** Arrow keys to the last radio of a group (its "enter a different value"). */
  private void chooseLast(String group) {
    for (int i = 0; i < 6 && !b.active().getDomAttribute("value").equals("edit"); i++) {
      b.press(Keys.ARROW_DOWN);
    }
    assertEquals(group, b.active().getDomAttribute("name"));
    assertTrue(b.active().isSelected());
  }

  private void typeDate(String day, String month, String year) {
    b.tabToId("edit-nextVisitDate-day");
    b.press(day);
    b.tabToId("edit-nextVisitDate-month");
    b.press(month);
    b.tabToId("edit-nextVisitDate-year");
    b.press(year);
  }

  private String label(WebElement radio) {
    return b.driver.findElement(By.cssSelector("label[for='" + radio.getDomAttribute("id")
        + "']")).getText();
  }

  private static Visit next(Visit v, int december) {
    return Fixtures.withNextVisit(v, LocalDate.of(2026, 12, december));
  }
}
