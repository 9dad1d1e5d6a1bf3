package org.fieldsync.protocol.oversight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** England and Wales bank holidays from gov.uk's data file, shipped and replaceable. */
class BankHolidaysTest {
  private final BankHolidays shipped = BankHolidays.englandAndWales();

  @Test
  void theShippedFileHasEightBankHolidaysInEachYearFrom2024To2028() {
    assertEquals(2024, shipped.firstYear());
    assertEquals(2028, shipped.lastYear());
    IntStream.rangeClosed(2024, 2028).forEach(year -> assertEquals(8, LocalDate.of(year, 1, 1)
        .datesUntil(LocalDate.of(year + 1, 1, 1)).filter(shipped::isHoliday).count(),
        "bank holidays in " + year));
  }

  @Test
  void substituteDaysAreHolidaysAndTheWeekendDaysTheyReplaceAreNotWorkingDays() {
    assertTrue(shipped.isHoliday(LocalDate.of(2026, 12, 28)), "Boxing Day 2026 falls on Saturday");
    assertTrue(shipped.isHoliday(LocalDate.of(2027, 12, 27)), "Christmas Day 2027 is Saturday");
    assertTrue(shipped.isHoliday(LocalDate.of(2027, 12, 28)));
    assertTrue(shipped.isHoliday(LocalDate.of(2028, 1, 3)), "1 January 2028 is Saturday");
    assertFalse(shipped.isWorkingDay(LocalDate.of(2026, 12, 26)));
    assertTrue(shipped.isWorkingDay(LocalDate.of(2026, 12, 29)));
  }

  @Test
  void workingDaysSkipWeekendsAndBankHolidaysBothWays() {
    LocalDate maundyThursday = LocalDate.of(2026, 4, 2);
    assertEquals(LocalDate.of(2026, 4, 7), shipped.plusWorkingDays(maundyThursday, 1));
    assertEquals(1, shipped.workingDaysBetween(maundyThursday, LocalDate.of(2026, 4, 7)));
    assertEquals(-1, shipped.workingDaysBetween(LocalDate.of(2026, 4, 7), maundyThursday));
    assertEquals(0, shipped.workingDaysBetween(maundyThursday, LocalDate.of(2026, 4, 6)));
  }

  @Test
  void aNewerGovUkFileReplacesTheShippedOne() {
    BankHolidays newer = BankHolidays.parseGovUk("""
        {"england-and-wales": {"division": "england-and-wales", "events": [
          {"title": "New Year’s Day", "date": "2029-01-01", "notes": "", "bunting": true},
          {"title": "A one-off bank holiday", "date": "2029-06-08", "notes": "", "bunting": true}
        ]},
         "scotland": {"division": "scotland", "events": [
          {"title": "St Andrew’s Day", "date": "2029-11-30", "notes": "", "bunting": true}]}}
        """);
    assertTrue(newer.isHoliday(LocalDate.of(2029, 6, 8)));
    assertFalse(newer.isHoliday(LocalDate.of(2029, 11, 30)), "Scotland's are not England's");
    assertEquals(2029, newer.lastYear());
  }

  @Test
  void aFileThatIsNotGovUksIsRefusedSayingWhatIsExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BankHolidays.parseGovUk("{\"holidays\": []}"));
    assertTrue(e.getMessage().contains("england-and-wales"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BankHolidays.parseGovUk(
        "{\"england-and-wales\": {\"events\": [{\"date\": \"8 June\"}]}}"));
    assertThrows(IllegalArgumentException.class, () -> BankHolidays.parseGovUk("not json"));
  }
}
