package org.fieldsync.protocol.oversight;

import static org.fieldsync.protocol.oversight.Casebook.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/**
 * "CP group supervision is at least every 4 weeks; Family Help case supervision is at least every
 * 8 weeks; line-of-sight meetings are weekly" (DOMAIN.md, 000:317, 000:583).
 */
class SupervisionCadenceTest {
  private final Casebook book = new Casebook();

  @Test
  void aCpCaseWithoutGroupSupervisionFor30DaysIsOverdue() {
    book.homeVisit("case-0001", 60, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.homeVisit("case-0001", 10, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.supervision("case-0001", 30, SupervisionNote.Kind.GROUP_CP);
    assertEquals(List.of("case-0001: no CP group supervision for 30 days, overdue by 2 days"),
        reasons(book.due(), DueKind.GROUP_CP));
  }

  @Test
  void familyHelpCaseSupervisionDoesNotCountAsCpGroupSupervision() {
    book.homeVisit("case-0001", 20, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.supervision("case-0001", 2, SupervisionNote.Kind.CASE_FAMILY_HELP);
    assertEquals(List.of("case-0001: no CP group supervision since CP work began on 2026-11-10"
        + " (20 days ago), due in 8 days"), reasons(book.due(), DueKind.GROUP_CP));
  }

  @Test
  void aFamilyHelpCaseSupervisedSevenWeeksAgoIsDueInAWeek() {
    book.homeVisit("case-0002", 60, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    book.supervision("case-0002", 49, SupervisionNote.Kind.CASE_FAMILY_HELP);
    List<DueItem> items = book.due().stream()
        .filter(i -> i.kind() == DueKind.CASE_FAMILY_HELP).toList();
    assertEquals(List.of("case-0002: no Family Help case supervision for 49 days, due in 7 days"),
        reasons(items, DueKind.CASE_FAMILY_HELP));
    assertEquals(Casebook.TODAY.minusDays(49), items.get(0).lastDone());
  }

  @Test
  void aLineOfSightMeetingMissedLastWeekIsOverdueToday() {
    book.homeVisit("case-0002", 20, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    // Weekly on Mondays: held on Monday 16 November, missed on Monday 23 November.
    book.supervision("case-0001", 14, SupervisionNote.Kind.LINE_OF_SIGHT);
    DueItem item = book.teamDue().stream().filter(i -> i.kind() == DueKind.LINE_OF_SIGHT)
        .findFirst().orElseThrow();
    assertTrue(item.overdue());
    assertEquals("team-dw", item.teamId());
    assertNull(item.caseId(), "a team's meeting, not one case's");
    assertEquals(Casebook.TODAY.minusDays(7), item.due());
    assertEquals("team-dw: no line-of-sight meeting for 14 days, overdue by 7 days",
        item.reason());
  }

  @Test
  void aLineOfSightMeetingHeldTodayIsNotOverdue() {
    book.homeVisit("case-0002", 20, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    book.supervision("case-0002", 7, SupervisionNote.Kind.LINE_OF_SIGHT);
    book.supervision("case-0001", 0, SupervisionNote.Kind.LINE_OF_SIGHT);
    assertEquals(List.of("team-dw: line-of-sight meeting held today, due in 7 days"),
        reasons(book.teamDue(), DueKind.LINE_OF_SIGHT));
  }

  @Test
  void anotherTeamsMeetingDoesNotCountAndATeamWithNoWorkOwesNone() {
    book.homeVisit("case-0002", 20, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    book.supervision("case-0003", 1, SupervisionNote.Kind.LINE_OF_SIGHT);
    assertEquals(List.of("team-dw: no line-of-sight meeting since 2026-11-10 (20 days ago),"
        + " overdue by 13 days"), reasons(book.teamDue(), DueKind.LINE_OF_SIGHT),
        "team-north has no case under work, so it owes no meeting either");
  }

  @Test
  void aWorkersCaseloadListHasNoTeamMeetings() {
    book.homeVisit("case-0002", 20, Visit.Kind.FAMILY_HELP, v -> v.childSeen("child-0003"));
    assertEquals(List.of(), reasons(book.due(), DueKind.LINE_OF_SIGHT));
  }

  @Test
  void aNoteFromBeforeCpWorkBeganDoesNotCount() {
    book.homeVisit("case-0001", 20, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.supervision("case-0001", 90, SupervisionNote.Kind.GROUP_CP);
    assertEquals(List.of("case-0001: no CP group supervision since CP work began on 2026-11-10"
        + " (20 days ago), due in 8 days"), reasons(book.due(), DueKind.GROUP_CP));
  }

  @Test
  void aNoteDatedAfterTodayHasNotBeenHeldYet() {
    book.homeVisit("case-0001", 40, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.supervision("case-0001", 29, SupervisionNote.Kind.GROUP_CP);
    book.supervision("case-0001", -3, SupervisionNote.Kind.GROUP_CP);
    assertEquals(List.of("case-0001: no CP group supervision for 29 days, overdue by 1 day"),
        reasons(book.due(), DueKind.GROUP_CP));
  }
}
