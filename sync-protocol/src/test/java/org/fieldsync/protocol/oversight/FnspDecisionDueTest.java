package org.fieldsync.protocol.oversight;

import static org.fieldsync.protocol.oversight.Casebook.LONDON;
import static org.fieldsync.protocol.oversight.Casebook.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.FnspRequest;
import org.junit.jupiter.api.Test;

/**
 * "An FNSP request is decided within a configured number of working days" (five by default):
 * weekends and England and Wales bank holidays are not working days.
 */
class FnspDecisionDueTest {
  private final Casebook book = new Casebook();

  @Test
  void aRequestSubmittedBeforeEasterIsDueFiveWorkingDaysLaterNotCountingTheBankHolidays() {
    Revision r = book.fnsp("case-0001", LocalDate.of(2026, 4, 2), FnspRequest.Status.SUBMITTED);
    DueItem item = only(on(LocalDate.of(2026, 4, 9)));
    assertEquals(LocalDate.of(2026, 4, 13), item.due(), "Good Friday and Easter Monday skipped");
    assertEquals(r.id(), item.recordId());
    assertFalse(item.overdue());
    assertEquals("case-0001: FNSP request (transport, £45.00) submitted 2026-04-02, waiting 3"
        + " working days for a decision, due in 2 working days", item.reason());
  }

  @Test
  void aRequestSubmittedTheTuesdayBeforeChristmasIsOverdueTwoWorkingDaysIntoJanuary() {
    book.fnsp("case-0001", LocalDate.of(2026, 12, 22), FnspRequest.Status.SUBMITTED);
    DueItem item = only(on(LocalDate.of(2027, 1, 5)));
    assertEquals(LocalDate.of(2026, 12, 31), item.due(),
        "Christmas Day and Boxing Day's substitute, Monday 28 December, are skipped");
    assertTrue(item.overdue());
    assertEquals("case-0001: FNSP request (transport, £45.00) submitted 2026-12-22, waiting 7"
        + " working days for a decision, overdue by 2 working days", item.reason());
  }

  @Test
  void aRequestSubmittedOnAFridayIsDueTheNextFridayAndOverdueTheMondayAfter() {
    book.fnsp("case-0001", LocalDate.of(2026, 11, 20), FnspRequest.Status.SUBMITTED);
    assertEquals(List.of("case-0001: FNSP request (transport, £45.00) submitted 2026-11-20,"
        + " waiting 5 working days for a decision, due today"),
        reasons(on(LocalDate.of(2026, 11, 27)), DueKind.FNSP_DECISION));
    assertEquals(List.of("case-0001: FNSP request (transport, £45.00) submitted 2026-11-20,"
        + " waiting 6 working days for a decision, overdue by 1 working day"),
        reasons(on(LocalDate.of(2026, 11, 30)), DueKind.FNSP_DECISION));
  }

  @Test
  void onTheSaturdayAfterItWasDueARequestIsOverdue() {
    book.fnsp("case-0001", LocalDate.of(2026, 11, 13), FnspRequest.Status.SUBMITTED);
    DueItem item = only(on(LocalDate.of(2026, 11, 21)));
    assertTrue(item.overdue());
    assertTrue(item.reason().endsWith("overdue (it was due on 2026-11-20)"), item.reason());
  }

  @Test
  void aDecidedOrDraftRequestIsNotWaitingForADecision() {
    book.fnsp("case-0001", LocalDate.of(2026, 11, 2), FnspRequest.Status.APPROVED);
    book.fnsp("case-0001", LocalDate.of(2026, 11, 2), FnspRequest.Status.DECLINED);
    book.fnsp("case-0001", LocalDate.of(2026, 11, 2), FnspRequest.Status.DRAFT);
    assertEquals(List.of(), reasons(on(LocalDate.of(2026, 11, 30)), DueKind.FNSP_DECISION));
  }

  @Test
  void theNumberOfWorkingDaysIsConfiguration() {
    book.fnsp("case-0001", LocalDate.of(2026, 11, 20), FnspRequest.Status.SUBMITTED);
    Oversight tenDays = new Oversight(OversightRules.parse(
        "{\"fnspDecision\": {\"withinWorkingDays\": 10}}"), BankHolidays.englandAndWales());
    assertEquals(List.of("case-0001: FNSP request (transport, £45.00) submitted 2026-11-20,"
        + " waiting 6 working days for a decision, due in 4 working days"),
        reasons(tenDays.caseload(at(LocalDate.of(2026, 11, 30)), Casebook.CASES, book.records),
            DueKind.FNSP_DECISION));
  }

  private List<DueItem> on(LocalDate day) {
    return Oversight.defaults().caseload(at(day), Casebook.CASES, book.records);
  }

  private static Instant at(LocalDate day) {
    return day.atTime(9, 0).atZone(LONDON).toInstant();
  }

  private static DueItem only(List<DueItem> items) {
    List<DueItem> f = items.stream().filter(i -> i.kind() == DueKind.FNSP_DECISION).toList();
    assertEquals(1, f.size(), items.toString());
    return f.get(0);
  }
}
