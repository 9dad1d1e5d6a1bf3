package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Issue 13's managers' screens, end to end in real headless Chromium with the keyboard alone
 * (Tab, Shift+Tab and Enter, and typing into the field that has focus; no key is sent straight
 * to an element): a team manager signs in, sorts the team's oversight list, approves an FNSP
 * request within her limit, sends one above it up a level, and signs off a supervision note she
 * led. The family worker's tablet (real Couchbase Lite) receives each result at its next sync.
 * An auditor sees the audit pages and nothing of the managers'. Every page is checked with
 * axe-core, for sideways scrolling and for labels.
 */
@ExtendWith(ConsoleBrowser.ScreenshotOnFailure.class)
class ManagerConsoleKeyboardTest extends ServerBackedTest {
  private ConsoleBrowser b;

  @AfterEach
  void stopBrowser() {
    if (b != null) {
      b.close();
    }
  }

  @Test
  void aManagerApprovesSendsUpALevelAndSignsOffByKeyboardAndTheTabletReceivesEach() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice",
        "Tablet 14")) {
      LocalRecord<FamilyMeeting> meeting = alice.familyMeetings().create(CASE, KIDS,
          Fixtures.meeting());
      String small = alice.fnspRequests().create(CASE, KIDS, Fixtures.fnsp(meeting.id())).id();
      String large = alice.fnspRequests().create(CASE, KIDS, new FnspRequest(meeting.id(), "g1",
          "Deposit for a flat near school", FnspRequest.Category.ACCOMMODATION, 90_000L, "Mum",
          "Dorset Council housing", FnspRequest.Status.SUBMITTED, null, null, null)).id();
      String note = alice.supervisionNotes().create(CASE, KIDS, Fixtures.supervision("u-erin"))
          .id();
      assertEquals(4, alice.syncNow().accepted());

      b = new ConsoleBrowser(server.baseUrl(), tmp.resolve("chromium"), 1366);
      signInAs("tm.erin", "oversight");
      sortTheOversightList();
      approveWithinTheLimit();
      sendAboveTheLimitUpALevel();
      signOffTheNote();

      alice.syncNow();
      FnspRequest approved = alice.fnspRequests().get(small).orElseThrow().body();
      assertEquals(FnspRequest.Status.APPROVED, approved.status());
      assertEquals("u-erin", approved.decidedBy());
      assertEquals("Agreed at the network meeting.", approved.decisionNote());
      FnspRequest upALevel = alice.fnspRequests().get(large).orElseThrow().body();
      assertEquals(FnspRequest.Status.SUBMITTED, upALevel.status());
      assertEquals("u-erin", upALevel.referredBy());
      assertEquals("Above my limit: housing needs a service manager.", upALevel.referralNote());
      SupervisionNote signed = alice.supervisionNotes().get(note).orElseThrow().body();
      assertEquals("u-erin", signed.signedOffBy());

      auditorSeesOnlyTheAuditPages();
    }
  }

  private void signInAs(String user, String home) {
    b.open("");
    b.await("#username");
    b.check("manager-sign-in");
    b.tabToId("username");
    b.press(user);
    b.tabToId("password");
    b.press(Fixtures.PASSWORD, Keys.ENTER);
    b.present("main[data-page='" + home + "']");
  }

  private void sortTheOversightList() {
    b.present("#due-list");
    List<String> nav = b.driver.findElements(By.cssSelector("#nav a")).stream()
        .map(e -> e.getText()).toList();
    assertEquals(List.of("Oversight", "FNSP decisions", "Sign-off"), nav,
        "a manager sees the managers' pages and no others");
    b.check("manager-oversight");
    b.tabToId("sort-case");
    b.press(Keys.ENTER);
    b.present("th[aria-sort='ascending'] #sort-case");
    assertTrue(b.mainText().contains("sorted by family"), b.mainText());
  }

  private void approveWithinTheLimit() {
    b.shiftTabTo("FNSP decisions in the navigation",
        e -> "#/fnsp".equals(e.getDomAttribute("href")));
    b.press(Keys.ENTER);
    b.present("main[data-page='fnsp'] #fnsp-requests");
    String list = b.mainText();
    for (String shown : List.of("Bus pass so Nan can visit", "£45.00",
        "within your limit of £250.00",
        "£900.00", "Above your limit of £250.00", "Family network meeting on 18 November 2026",
        "Ruth Carbery, Independent FGC service", "Independent")) {
      assertTrue(list.contains(shown), shown + " in:\n" + list);
    }
    b.check("manager-fnsp");
    b.tabTo("Decide on the bus pass", e -> String.valueOf(e.getDomAttribute("aria-label"))
        .startsWith("Decide on Bus pass"));
    b.press(Keys.ENTER);
    b.present("main[data-page='fnsp-decide'] #approve");
    assertTrue(b.driver.findElements(By.id("refer")).isEmpty(), "within the limit: approve");
    b.check("manager-fnsp-decide");
    b.tabToId("note");
    b.press("Agreed at the network meeting.");
    b.tabToId("approve");
    b.press(Keys.ENTER);
    b.present("main[data-page='fnsp'] #banner");
    assertTrue(b.mainText().contains("Approved: Bus pass so Nan can visit, £45.00"),
        b.mainText());
  }

  private void sendAboveTheLimitUpALevel() {
    b.tabTo("Decide on the deposit", e -> String.valueOf(e.getDomAttribute("aria-label"))
        .startsWith("Decide on Deposit"));
    b.press(Keys.ENTER);
    b.present("main[data-page='fnsp-decide'] #refer");
    assertTrue(b.driver.findElements(By.id("approve")).isEmpty(),
        "above the limit there is no approve button");
    b.tabToId("note");
    b.press("Above my limit: housing needs a service manager.");
    b.tabToId("refer");
    b.press(Keys.ENTER);
    b.present("main[data-page='fnsp'] #banner");
    String page = b.mainText();
    assertTrue(page.contains("Sent up a level: Deposit for a flat near school, £900.00"), page);
    assertTrue(page.contains("By Erin Tregear on"), page);
  }

  private void signOffTheNote() {
    b.shiftTabTo("Sign-off in the navigation",
        e -> "#/sign-off".equals(e.getDomAttribute("href")));
    b.press(Keys.ENTER);
    b.present("main[data-page='sign-off'] #signoff-notes");
    assertTrue(b.mainText().contains("Family Help case supervision on 19 November 2026"),
        b.mainText());
    b.check("manager-sign-off");
    b.tabTo("the Sign off button", e -> "button".equals(e.getTagName())
        && e.getText().startsWith("Sign off"));
    b.press(Keys.ENTER);
    b.present("main[data-page='sign-off'] #signoff-empty");
    assertTrue(b.mainText().contains("Signed off: Family Help case supervision"),
        b.mainText());
  }

  private void auditorSeesOnlyTheAuditPages() {
    b.shiftTabTo("Sign out", e -> "sign-out".equals(e.getDomAttribute("id")));
    b.press(Keys.ENTER);
    // Signed out (the token ended on the server too) before the next person signs in.
    b.present("main[data-page='login']");
    signInAs("au.iris", "audit");
    b.present("#audit-result");
    assertTrue(b.mainText().contains("The audit trail is intact"), b.mainText());
    List<String> nav = b.driver.findElements(By.cssSelector("#nav a")).stream()
        .map(e -> e.getText()).toList();
    assertEquals(List.of("Audit trail", "Events"), nav);
    b.check("auditor-audit");
    b.shiftTabTo("Events in the navigation", e -> "#/events".equals(e.getDomAttribute("href")));
    b.press(Keys.ENTER);
    b.present("main[data-page='events']");
    b.tabToId("q-action");
    b.press("fnsp.", Keys.ENTER);
    b.present("#events-list");
    String events = b.mainText();
    assertTrue(events.contains("fnsp.approve") && events.contains("fnsp.refer"), events);
    assertFalse(events.contains("Bus pass"), "no case content for an auditor");
    b.check("auditor-events");
    b.open("#/fnsp");
    b.present("main[data-page='forbidden']");
  }
}
