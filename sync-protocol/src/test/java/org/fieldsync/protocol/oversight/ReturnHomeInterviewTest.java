package org.fieldsync.protocol.oversight;

import static org.fieldsync.protocol.oversight.Casebook.LONDON;
import static org.fieldsync.protocol.oversight.Casebook.NOW;
import static org.fieldsync.protocol.oversight.Casebook.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/** "A return home interview is held within 72 hours of a return" (DOMAIN.md, 001:852). */
class ReturnHomeInterviewTest {
  private final Casebook book = new Casebook();

  @Test
  void aChildHomeFromMissing60HoursAgoIsOwedAnInterviewWithin12Hours() {
    Instant back = NOW.minus(Duration.ofHours(60));
    Revision told = book.visit("case-0002", 2, Visit.Kind.CIN, Visit.Mode.PHONE,
        v -> v.childNotSeen("child-0003").returned("child-0003", back));
    DueItem item = only(book.due());
    assertFalse(item.overdue());
    assertEquals(told.id(), item.recordId(), "the record where the return was written down");
    assertEquals(back.plus(Duration.ofHours(72)), item.dueAt());
    assertEquals("child-0003: came home 2026-11-27 21:00, no return home interview yet; due by"
        + " 2026-11-30 21:00 (within 72 hours), 12 hours left", item.reason());
  }

  @Test
  void noInterview80HoursAfterTheReturnIsOverdue() {
    book.visit("case-0002", 3, Visit.Kind.CIN, Visit.Mode.PHONE,
        v -> v.childNotSeen("child-0003").returned("child-0003", NOW.minus(Duration.ofHours(80))));
    DueItem item = only(book.due());
    assertTrue(item.overdue());
    assertTrue(item.reason().endsWith("overdue by 8 hours"), item.reason());
  }

  @Test
  void anInterviewWhereTheChildWasSeenTheDayAfterTheReturnAnswersIt() {
    book.visit("case-0002", 3, Visit.Kind.CIN, Visit.Mode.PHONE,
        v -> v.childNotSeen("child-0003").returned("child-0003", NOW.minus(Duration.ofHours(80))));
    book.homeVisit("case-0002", 2, Visit.Kind.CIN,
        v -> v.childSeenAlone("child-0003").returnHomeInterview());
    assertEquals(List.of(), reasons(book.due(), DueKind.RETURN_HOME_INTERVIEW));
  }

  @Test
  void theReturnAndTheInterviewMayBeOneRecord() {
    book.homeVisit("case-0002", 1, Visit.Kind.CIN, v -> v.childSeen("child-0003")
        .returned("child-0003", NOW.minus(Duration.ofHours(40))).returnHomeInterview());
    assertEquals(List.of(), reasons(book.due(), DueKind.RETURN_HOME_INTERVIEW));
  }

  @Test
  void anInterviewBeforeTheReturnOrWithoutSeeingTheChildDoesNotAnswerIt() {
    Instant back = LocalDate.of(2026, 11, 28).atTime(18, 0).atZone(LONDON).toInstant();
    // Same day, but at 10:00: before the child came back at 18:00.
    book.homeVisit("case-0002", 2, Visit.Kind.CIN, v -> v.startTime(LocalTime.of(10, 0))
        .childSeen("child-0003").returnHomeInterview());
    book.homeVisit("case-0002", 1, Visit.Kind.CIN,
        v -> v.childNotSeen("child-0003").returnHomeInterview());
    book.visit("case-0002", 2, Visit.Kind.CIN, Visit.Mode.PHONE,
        v -> v.childNotSeen("child-0003").returned("child-0003", back));
    assertEquals(1, reasons(book.due(), DueKind.RETURN_HOME_INTERVIEW).size());
  }

  @Test
  void aReturnWrittenDownTwiceIsOwedOneInterview() {
    Instant back = NOW.minus(Duration.ofHours(10));
    book.visit("case-0002", 0, Visit.Kind.CIN, Visit.Mode.PHONE,
        v -> v.childNotSeen("child-0003").returned("child-0003", back));
    book.visit("case-0002", 0, Visit.Kind.CIN, Visit.Mode.TEXT,
        v -> v.childNotSeen("child-0003").returned("child-0003", back));
    assertEquals(List.of("child-0003: came home 2026-11-29 23:00, no return home interview yet;"
        + " due by 2026-12-02 23:00 (within 72 hours), 62 hours left"),
        reasons(book.due(), DueKind.RETURN_HOME_INTERVIEW));
  }

  private static DueItem only(List<DueItem> items) {
    List<DueItem> rhi = items.stream().filter(i -> i.kind() == DueKind.RETURN_HOME_INTERVIEW)
        .toList();
    assertEquals(1, rhi.size(), items.toString());
    return rhi.get(0);
  }
}
