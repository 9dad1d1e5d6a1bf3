package org.fieldsync.protocol.oversight;

import static org.fieldsync.protocol.oversight.Casebook.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.oversight.OversightRules.Per;
import org.fieldsync.protocol.oversight.OversightRules.SupervisionCadence;
import org.fieldsync.protocol.oversight.OversightRules.VisitCadence;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/** The cadences are configuration, with Dorset's defaults; a rules file is checked strictly. */
class OversightRulesTest {
  private final OversightRules dorset = OversightRules.defaults();

  @Test
  void dorsetsDefaultsAreThePracticeStandards() {
    assertEquals(ZoneId.of("Europe/London"), dorset.timeZone());
    assertEquals(List.of(new VisitCadence(Visit.Kind.CP, 28, true),
        new VisitCadence(Visit.Kind.CHILD_IN_CARE, 42, false)), dorset.visits());
    assertEquals(new SupervisionCadence(SupervisionNote.Kind.GROUP_CP, 28, Per.CASE,
        Set.of(Visit.Kind.CP)), dorset.supervision().get(0));
    assertEquals(new SupervisionCadence(SupervisionNote.Kind.CASE_FAMILY_HELP, 56, Per.CASE,
        Set.of(Visit.Kind.FAMILY_HELP)), dorset.supervision().get(1));
    assertEquals(SupervisionNote.Kind.LINE_OF_SIGHT, dorset.supervision().get(2).kind());
    assertEquals(7, dorset.supervision().get(2).everyDays());
    assertEquals(Per.TEAM, dorset.supervision().get(2).per());
    assertEquals(72, dorset.returnHomeInterviewHours());
    assertEquals(5, dorset.fnspDecisionWorkingDays());
    assertEquals(Set.of(Visit.Mode.HOME_VISIT, Visit.Mode.SCHOOL, Visit.Mode.OFFICE),
        dorset.seenModes());
  }

  @Test
  void whichVisitKindNeedsWhichCadenceIsConfiguration() {
    Casebook book = new Casebook();
    book.homeVisit("case-0002", 15, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    assertEquals(List.of(), reasons(book.due(), DueKind.VISIT), "no Family Help cadence by"
        + " default");
    OversightRules fortnightly = OversightRules.parse("""
        {"visits": [{"kind": "family_help", "everyDays": 14, "seenAlone": false}]}""");
    assertEquals(List.of("child-0003: not seen for 15 days, overdue by 1 day"),
        reasons(new Oversight(fortnightly, BankHolidays.englandAndWales())
            .caseload(Casebook.NOW, Casebook.CASES, book.records), DueKind.VISIT));
    assertEquals(dorset.supervision(), fortnightly.supervision(), "other keys keep defaults");
    assertEquals(dorset.returnHomeInterviewHours(), fortnightly.returnHomeInterviewHours());
  }

  @Test
  void aModeThatCountsAsSeeingTheChildIsConfiguration() {
    OversightRules video = OversightRules.parse(
        "{\"seenModes\": [\"home_visit\", \"school\", \"office\", \"video\"]}");
    assertTrue(video.seenModes().contains(Visit.Mode.VIDEO));
  }

  @Test
  void aMistakeInARulesFileIsRefusedNamingTheKey() {
    assertRefused("{\"visit\": []}", "visit is not a rule");
    assertRefused("{\"visits\": [{\"kind\": \"cp\", \"everyDays\": 0, \"seenAlone\": true}]}",
        "visits.0.everyDays must be a whole number from 1 to 366");
    assertRefused("{\"visits\": [{\"kind\": \"pony\", \"everyDays\": 7, \"seenAlone\": true}]}",
        "visits.0.kind must be one of [cp, cin, child_in_care, early_help, family_help]");
    assertRefused("{\"visits\": [{\"kind\": \"cp\", \"everyDays\": 7, \"seenAlone\": true},"
        + " {\"kind\": \"cp\", \"everyDays\": 9, \"seenAlone\": true}]}",
        "visits.1.kind is listed twice");
    assertRefused("{\"supervision\": [{\"kind\": \"group_cp\", \"everyDays\": 28,"
        + " \"per\": \"locality\", \"appliesTo\": [\"cp\"]}]}", "supervision.0.per must be");
    assertRefused("{\"timeZone\": \"Dorset/Dorchester\"}", "timeZone must be a time-zone id");
    assertRefused("{\"fnspDecision\": {\"withinWorkingDays\": 2.5}}",
        "fnspDecision.withinWorkingDays must be a whole number");
    assertRefused("[]", "must be a JSON object");
    assertRefused("{", "not JSON");
  }

  private static void assertRefused(String json, String says) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OversightRules.parse(json));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
