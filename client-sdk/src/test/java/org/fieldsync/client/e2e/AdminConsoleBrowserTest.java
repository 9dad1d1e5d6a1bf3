package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium (Debian's, driven through its chromedriver; no
 * browser download): a sync admin resolves, with the keyboard only, a real conflict that two real
 * SDK devices produced, and both devices then hold the resolution.
 */
class AdminConsoleBrowserTest extends ServerBackedTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void startBrowser() throws Exception {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new AssertionError("browser tests need Debian's chromium and chromium-driver;"
          + " scripts/test-prereqs.sh installs them");
    }
    Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void adminResolvesARealConflictWithTheKeyboardAndBothDevicesConverge() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String id = Fixtures.modeConflict(alice, bea);
      String beaRev = bea.visits().get(id).orElseThrow().rev();

      // Sign in, keyboard only.
      browser.get(server.baseUrl() + "admin/");
      WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.id("username")));
      user.sendKeys("admin.gus");
      browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD, Keys.ENTER);

      // The queue shows the conflict; open it from the keyboard.
      WebElement review = wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("#conflict-queue tr[data-conflict-id] a.review")));
      assertAllControlsLabelled();
      screenshot("queue");
      review.sendKeys(Keys.ENTER);

      // Side by side: the differing field is highlighted; choose Bea's value, give a reason.
      wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("#conflict[data-status='open']")));
      WebElement modeRow = browser.findElement(By.cssSelector("tr[data-field='mode']"));
      assertTrue(!modeRow.findElements(By.cssSelector(".differs")).isEmpty(),
          "the differing field is highlighted");
      assertAllControlsLabelled();
      WebElement choice = browser.findElement(By.cssSelector(
          "input[name='choice-mode'][value='side:" + beaRev + "']"));
      choice.sendKeys(Keys.SPACE);
      assertTrue(choice.isSelected(), "the radio is chosen with the space bar");
      screenshot("conflict");
      WebElement reason = browser.findElement(By.id("reason"));
      reason.sendKeys("Phone call confirmed in the duty log.");
      browser.findElement(By.id("resolve-submit")).sendKeys(Keys.ENTER);

      WebElement resolution = wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#resolution[data-rev]")));
      String resolvedRev = resolution.getDomAttribute("data-rev");
      wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#conflict[data-status='resolved']")));
      screenshot("resolved");

      // Both devices receive the resolution.
      alice.syncNow();
      bea.syncNow();
      for (FieldSync device : List.of(alice, bea)) {
        LocalRecord<Visit> r = device.visits().get(id).orElseThrow();
        assertEquals(SyncState.SYNCED, r.state());
        assertEquals(Visit.Mode.PHONE, r.body().mode());
        assertEquals(resolvedRev, r.rev());
      }

      // The record's history shows how it came to be.
      browser.get(server.baseUrl() + "admin/#/history/" + id);
      wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#history tr[data-rev='" + resolvedRev + "']")));
      assertEquals(4, browser.findElements(By.cssSelector("#history tr[data-rev]")).size());
      screenshot("history");

      // The devices page lists both tablets with what they last reported.
      browser.get(server.baseUrl() + "admin/#/devices");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
          "#devices tr[data-device-id='" + alice.deviceId() + "']")));
      assertTrue(browser.findElement(By.cssSelector("#devices tr[data-device-id='"
          + bea.deviceId() + "']")).getText().contains("Bea Trevithick"));

      // Revoke Bea's tablet from the console, keyboard only, letting it hand over its work.
      bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Written but never pushed."));
      String beaRow = "#devices tr[data-device-id='" + bea.deviceId() + "']";
      browser.findElement(By.cssSelector(beaRow + " input.quarantine")).sendKeys(Keys.SPACE);
      assertAllControlsLabelled();
      browser.findElement(By.cssSelector(beaRow + " button.revoke")).sendKeys(Keys.ENTER);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
          "#devices tr[data-device-id='" + bea.deviceId() + "'][data-status='revoked']")));
      String beaDevice = bea.deviceId();
      FieldSyncException wiped = assertThrows(FieldSyncException.class, bea::syncNow);
      assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
      assertEquals(1, (int) server.store().<Integer>read(tx -> tx.quarantined(beaDevice)),
          "Bea's unpushed visit was handed over before the wipe");

      JsonNode conflicts = MergeAndReviewEndToEndTest.json(raw.send("GET",
          "api/v1/admin/conflicts?status=resolved", raw.token("admin.gus"), null));
      assertEquals(1, conflicts.get("conflicts").size());
    }
  }

  /** With {@code -Dfieldsync.screenshots=<dir>}, saves what the browser shows, for review. */
  private void screenshot(String name) {
    String dir = System.getProperty("fieldsync.screenshots");
    if (dir == null) {
      return;
    }
    try {
      Path target = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
      Files.write(target, ((TakesScreenshot) browser)
          .getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every visible form control has a label (or an accessible name). */
  private void assertAllControlsLabelled() {
    Object unlabelled = ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('input, select, textarea'))"
            + ".filter(e => e.type !== 'hidden' && e.offsetParent !== null)"
            + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')"
            + " && !e.getAttribute('aria-labelledby'))"
            + ".map(e => e.id || e.name).join(',');");
    assertEquals("", unlabelled, "controls without a label");
  }
}
