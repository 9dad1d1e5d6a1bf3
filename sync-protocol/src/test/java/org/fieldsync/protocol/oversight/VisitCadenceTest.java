package org.fieldsync.protocol.oversight;

import static org.fieldsync.protocol.oversight.Casebook.NOW;
import static org.fieldsync.protocol.oversight.Casebook.TODAY;
import static org.fieldsync.protocol.oversight.Casebook.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/**
 * "A CP child is seen at least every 4 weeks, and a child in care about every 6 weeks; the child
 * must be seen, and for CP seen alone, at least that often" (DOMAIN.md, 001:594, 001:747).
 */
class VisitCadenceTest {
  private final Casebook book = new Casebook();

  @Test
  void aCpChildSeenButNotAlone29DaysAgoIsOverdueForAVisitWhereSeenAlone() {
    book.homeVisit("case-0001", 29, Visit.Kind.CP, v -> v.childSeen("child-0002"));
    DueItem item = only(book.due());
    assertEquals(DueKind.VISIT, item.kind());
    assertEquals("child-0002", item.childId());
    assertTrue(item.overdue());
    assertEquals(TODAY.minusDays(1), item.due());
    assertEquals("child-0002: not seen alone since CP work began on 2026-11-01 (29 days ago),"
        + " overdue by 1 day", item.reason());
  }

  @Test
  void aCpChildNotSeenAloneFor26DaysIsDueIn2Days() {
    book.homeVisit("case-0001", 26, Visit.Kind.CP, v -> v.childSeenAlone("child-0002"));
    DueItem item = only(book.due());
    assertFalse(item.overdue());
    assertEquals(TODAY.plusDays(2), item.due());
    assertEquals(TODAY.minusDays(26), item.lastDone());
    assertEquals("child-0002: not seen alone for 26 days, due in 2 days", item.reason());
  }

  @Test
  void aCpChildSeenLastWeekButLastSeenAloneFiveWeeksAgoIsOverdue() {
    book.homeVisit("case-0001", 35, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    Revision lastWeek = book.homeVisit("case-0001", 6, Visit.Kind.CP,
        v -> v.childSeen("child-0001"));
    DueItem item = only(book.due());
    assertTrue(item.overdue());
    assertEquals("child-0001: seen 6 days ago but not alone; not seen alone for 35 days,"
        + " overdue by 7 days", item.reason());
    assertFalse(lastWeek.id().equals(item.recordId()), "the visit that counted is the older one");
  }

  @Test
  void aChildInCareSeen40DaysAgoNotAloneIsDueIn2Days() {
    book.homeVisit("case-0002", 40, Visit.Kind.CHILD_IN_CARE, v -> v.childSeen("child-0003"));
    assertEquals(List.of("child-0003: not seen for 40 days, due in 2 days"),
        reasons(book.due(), DueKind.VISIT));
  }

  @Test
  void aPhoneCallIsAContactNotAVisitAndDoesNotCountAsSeeingTheChild() {
    book.homeVisit("case-0001", 27, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.visit("case-0001", 2, Visit.Kind.CP, Visit.Mode.PHONE,
        v -> v.childSeenAlone("child-0001"));
    assertEquals(List.of("child-0001: not seen alone for 27 days, due in 1 day"),
        reasons(book.due(), DueKind.VISIT));
  }

  @Test
  void aCpChildSeenAloneAtSchoolWasSeenAlone() {
    book.homeVisit("case-0001", 40, Visit.Kind.CP, v -> v.childSeen("child-0001"));
    book.visit("case-0001", 20, Visit.Kind.CP, Visit.Mode.SCHOOL,
        v -> v.childSeenAlone("child-0001"));
    assertEquals(List.of("child-0001: not seen alone for 20 days, due in 8 days"),
        reasons(book.due(), DueKind.VISIT));
  }

  @Test
  void aChildSteppedDownFromCpToCinHasNoVisitingCadence() {
    book.homeVisit("case-0001", 60, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    book.homeVisit("case-0001", 30, Visit.Kind.CIN, v -> v.childSeen("child-0001"));
    assertEquals(List.of(), reasons(book.due(), DueKind.VISIT));
  }

  @Test
  void aChildNotSeenOnTheFirstCpVisitIsDueFourWeeksAfterCpWorkBegan() {
    book.homeVisit("case-0001", 30, Visit.Kind.CP, v -> v.childNotSeen("child-0002"));
    DueItem item = only(book.due());
    assertEquals(null, item.lastDone());
    assertEquals(null, item.recordId());
    assertEquals("child-0002: not seen alone since CP work began on 2026-10-31 (30 days ago),"
        + " overdue by 2 days", item.reason());
  }

  @Test
  void aChildTheCaseDataSaysIsOnACpPlanIsDueWithoutAnyVisit() {
    List<OversightCase> cases = List.of(new OversightCase("case-0001", "team-dw", "Dorchester",
        List.of(new OversightCase.Child("child-0001", Visit.Kind.CP, TODAY.minusDays(30)))));
    List<DueItem> due = Oversight.defaults().caseload(NOW, cases, book.records);
    assertEquals(List.of("child-0001: not seen alone since CP work began on 2026-10-31"
        + " (30 days ago), overdue by 2 days"), reasons(due, DueKind.VISIT));
  }

  @Test
  void aVisitDueMoreThanTwoWeeksAheadIsNotListed() {
    book.homeVisit("case-0001", 10, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    assertEquals(List.of(), reasons(book.due(), DueKind.VISIT), "due in 18 days");
  }

  @Test
  void aDeletedVisitDoesNotCount() {
    book.homeVisit("case-0001", 40, Visit.Kind.CP, v -> v.childSeenAlone("child-0001"));
    Revision recent = book.homeVisit("case-0001", 3, Visit.Kind.CP,
        v -> v.childSeenAlone("child-0001"));
    assertEquals(List.of(), reasons(book.due(), DueKind.VISIT));
    book.delete(recent);
    assertEquals(List.of("child-0001: not seen alone for 40 days, overdue by 12 days"),
        reasons(book.due(), DueKind.VISIT));
  }

  @Test
  void theListDoesNotDependOnTheOrderTheRecordsCameIn() {
    book.homeVisit("case-0001", 29, Visit.Kind.CP, v -> v.childSeen("child-0001")
        .childSeenAlone("child-0002"));
    book.homeVisit("case-0001", 29, Visit.Kind.CP, v -> v.childSeenAlone("child-0001")
        .childSeen("child-0002"));
    book.homeVisit("case-0002", 41, Visit.Kind.CHILD_IN_CARE, v -> v.childSeen("child-0003"));
    List<DueItem> first = book.due();
    List<Revision> shuffled = new ArrayList<>(book.records);
    Collections.shuffle(shuffled, new Random(20261130));
    assertEquals(first, Oversight.defaults().caseload(NOW, Casebook.CASES, shuffled));
    assertEquals(4, first.size(), "three children and the CP case's group supervision");
  }

  /** The one visit item (a CP case also owes group supervision, tested on its own). */
  private static DueItem only(List<DueItem> items) {
    List<DueItem> visits = items.stream().filter(i -> i.kind() == DueKind.VISIT).toList();
    assertEquals(1, visits.size(), items.toString());
    return visits.get(0);
  }
}
