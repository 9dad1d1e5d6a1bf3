package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, through its chromedriver; no browser download) at a given
 * width, with what the console's tests need: keys sent to whatever has focus (never to an element
 * picked by the test), full-page screenshots under {@code target/console-screenshots/<width>/},
 * axe-core run in the page, and the reflow check (nothing scrolls sideways).
 *
 * <p>One per test; {@link #close()} ends the browser.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  /** Where {@code scripts/test-prereqs.sh} installs axe-core (the module runs from client-sdk/). */
  private static final Path AXE = Path.of(System.getProperty("fieldsync.axe",
      "../.test-tools/node_modules/axe-core/axe.min.js"));
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  /** Tab presses allowed to reach one control: more means the page is a maze. */
  private static final int MAX_TABS = 60;

  /** The browser of the test running now, for {@link ScreenshotOnFailure}. */
  private static volatile ConsoleBrowser current;

  final ChromeDriver driver;
  final WebDriverWait wait;
  final int width;
  private final String baseUrl;

  ConsoleBrowser(String baseUrl, Path profile, int width) {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new AssertionError("browser tests need Debian's chromium and chromium-driver;"
          + " scripts/test-prereqs.sh installs them");
    }
    this.baseUrl = baseUrl;
    this.width = width;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=" + width + ",900",
        "--lang=en-GB", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    // A window cannot be narrower than about 500 px, so the viewport is set exactly instead.
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
        "height", 900, "deviceScaleFactor", 1, "mobile", false));
    current = this;
  }

  /**
   * Saves what the browser showed when a test failed, as {@code failed-<test>.png} beside the
   * other screenshots (it runs before the test's {@code @AfterEach} closes the browser).
   */
  static final class ScreenshotOnFailure implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure)
        throws Throwable {
      ConsoleBrowser b = current;
      if (b != null) {
        try {
          b.screenshot("failed-" + context.getRequiredTestMethod().getName());
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
      throw failure;
    }
  }

  /** Opens a console address such as {@code #/devices} (typing it in the address bar). */
  void open(String hash) {
    driver.get(baseUrl + "admin/" + hash);
  }

  WebElement await(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  WebElement present(String css) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The element that has focus. */
  WebElement active() {
    return driver.switchTo().activeElement();
  }

  /** Presses keys (or types text) into whatever has focus, as a person at a keyboard does. */
  void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Replaces the text of the focused field: Ctrl+A, Backspace, then the new text. */
  void retype(CharSequence text) {
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL)
        .sendKeys(Keys.BACK_SPACE).sendKeys(text).perform();
  }

  /**
   * Presses Tab until the focused element matches, and fails if it takes more than
   * {@value #MAX_TABS} presses.
   */
  WebElement tabTo(String what, Predicate<WebElement> target) {
    return moveTo(what, target, Keys.TAB);
  }

  /** Shift+Tab until the focused element matches. */
  WebElement shiftTabTo(String what, Predicate<WebElement> target) {
    return moveTo(what, target, Keys.chord(Keys.SHIFT, Keys.TAB));
  }

  private WebElement moveTo(String what, Predicate<WebElement> target, CharSequence key) {
    for (int i = 0; i < MAX_TABS; i++) {
      WebElement a = active();
      try {
        if (target.test(a)) {
          return a;
        }
      } catch (StaleElementReferenceException e) {
        continue; // the page was drawn again under the focus: look again
      }
      press(key);
    }
    throw new AssertionError("could not reach " + what + " by keyboard in " + MAX_TABS
        + " presses; focus is on " + describe(active()));
  }

  /** Tab to the element with this id. */
  WebElement tabToId(String id) {
    return tabTo("#" + id, e -> id.equals(e.getDomAttribute("id")));
  }

  /** Tab to a link or button whose visible text starts with {@code text}. */
  WebElement tabToText(String text) {
    return tabTo("\"" + text + "\"", e -> e.getText().strip().startsWith(text));
  }

  String describe(WebElement e) {
    return e.getTagName() + "#" + e.getDomAttribute("id") + " \"" + e.getText() + "\"";
  }

  /** Signs in as the demo sync admin with the keyboard only, and waits for the queue. */
  void signIn() {
    open("");
    await("#username");
    tabToId("username");
    press("admin.gus");
    tabToId("password");
    press(Fixtures.PASSWORD, Keys.ENTER);
    present("main[data-page='queue']");
  }

  /** Saves the whole page (not just the viewport) as {@code <width>/<name>.png}. */
  void screenshot(String name) {
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true));
    try {
      Path target = Files.createDirectories(SHOTS.resolve(String.valueOf(width)))
          .resolve(name + ".png");
      Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs axe-core on the page and fails on any violation of serious or critical impact. */
  void assertAccessible(String page) {
    if (!Files.isReadable(AXE)) {
      throw new AssertionError("axe-core is missing at " + AXE.toAbsolutePath()
          + "; run scripts/test-prereqs.sh");
    }
    if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object';"))) {
      try {
        js(Files.readString(AXE, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Object found = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
        + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' '))"
        + ".join(', '))), e => done(['axe failed: ' + e]));");
    assertEquals(List.of(), found, "serious or critical accessibility problems on " + page
        + " at " + width + "px");
  }

  /**
   * WCAG 2.2 reflow: the page never scrolls sideways at this width, and nothing in the main area
   * sticks out of it (which a page can hide by clipping).
   */
  void assertNoSidewaysScroll(String page) {
    Object over = js("const d = document.documentElement;"
        + "const m = document.getElementById('main'); const r = m.getBoundingClientRect();"
        + "const edge = Math.min(d.clientWidth,"
        + " r.right - parseFloat(getComputedStyle(m).paddingRight));"
        + "const clipped = e => { for (let x = e; x && x !== m; x = x.parentElement) {"
        + " const s = getComputedStyle(x);"
        + " if (s.clipPath !== 'none' || s.clip !== 'auto') return true;"
        + " } return false; };"
        + "const out = Array.from(document.querySelectorAll('main *'))"
        + ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > edge + 1)"
        + ".filter(e => !clipped(e))"
        + ".slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id"
        + " + ' ends at ' + Math.round(e.getBoundingClientRect().right)"
        + " + ' > ' + Math.round(edge));"
        + "if (d.scrollWidth > d.clientWidth) {"
        + " out.unshift('the page is ' + d.scrollWidth + ' wide'); }"
        + "return out.join(', ');");
    assertEquals("", over, page + " does not fit " + width + "px");
  }

  /** Every visible form control has a label (or an accessible name). */
  void assertAllControlsLabelled() {
    Object unlabelled = js("return Array.from(document.querySelectorAll('input, select, textarea'))"
        + ".filter(e => e.type !== 'hidden' && e.offsetParent !== null)"
        + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')"
        + " && !e.getAttribute('aria-labelledby'))"
        + ".map(e => e.id || e.name).join(',');");
    assertEquals("", unlabelled, "controls without a label");
  }

  /** Whether the element is wholly inside the viewport (a person sees it without scrolling). */
  boolean inView(WebElement e) {
    return Boolean.TRUE.equals(js("const r = arguments[0].getBoundingClientRect();"
        + "return r.top >= -1 && r.top < window.innerHeight && r.height > 0;", e));
  }

  /** The page checks every screen gets: accessible, reflows, labelled; then a screenshot. */
  void check(String page) {
    assertAllControlsLabelled();
    assertNoSidewaysScroll(page);
    assertAccessible(page);
    screenshot(page);
  }

  /** The text of the main content, without the header. */
  String mainText() {
    return driver.findElement(By.id("main")).getText();
  }

  void assertFocusOn(String css, String why) {
    Object yes = js("return document.activeElement"
        + " && document.activeElement.matches(arguments[0]);", css);
    assertTrue(Boolean.TRUE.equals(yes), why + ": focus is on " + describe(active()));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
