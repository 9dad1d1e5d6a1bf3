package org.fieldsync.protocol.oversight;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;

/**
 * England and Wales bank holidays, and the working-day arithmetic built on them (Monday to
 * Friday, not a bank holiday). The data is gov.uk's own format ({@code
 * https://www.gov.uk/bank-holidays.json}, division {@code england-and-wales}), so updating it is
 * replacing a file with gov.uk's: the default ({@link #englandAndWales()}) ships in the jar for
 * 2024 to 2028, and a server or an app may be given a newer one ({@link #parseGovUk(String)}).
 * Nothing reads the network, at run time or in tests. Immutable.
 *
 * <p>A day after the last year the data covers is counted as a working day if it is a weekday:
 * {@link #lastYear()} says how far the data goes, so a deployment can warn before it runs out.
 */
public final class BankHolidays {
  private static final String DIVISION = "england-and-wales";
  private static final BankHolidays DEFAULT = parseGovUk(RulesJson.resource("bank-holidays.json"));

  private final TreeSet<LocalDate> days;

  private BankHolidays(Set<LocalDate> days) {
    this.days = new TreeSet<>(days);
  }

  /** The shipped England and Wales bank holidays, 2024 to 2028. */
  public static BankHolidays englandAndWales() {
    return DEFAULT;
  }

  /** A calendar of exactly these holidays (for tests and other sources). */
  public static BankHolidays of(Set<LocalDate> holidays) {
    return new BankHolidays(Objects.requireNonNull(holidays));
  }

  /**
   * Reads gov.uk's bank-holidays JSON and keeps its {@code england-and-wales} events.
   *
   * @throws IllegalArgumentException when it is not that document, or a date does not parse
   */
  public static BankHolidays parseGovUk(String json) {
    JsonNode root;
    try {
      root = ProtocolCodec.readTree(Objects.requireNonNull(json));
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("bank holidays: not JSON (" + e.getMessage() + ")", e);
    }
    JsonNode events = root == null ? null : root.path(DIVISION).get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      throw new IllegalArgumentException("bank holidays: expected gov.uk's bank-holidays.json"
          + " with \"" + DIVISION + "\" events");
    }
    Set<LocalDate> days = new TreeSet<>();
    for (JsonNode e : events) {
      try {
        days.add(LocalDate.parse(e.path("date").asText("")));
      } catch (DateTimeParseException ex) {
        throw new IllegalArgumentException("bank holidays: '" + e.path("date").asText("")
            + "' is not a date (YYYY-MM-DD)", ex);
      }
    }
    return new BankHolidays(days);
  }

  /** Whether {@code day} is a bank holiday. */
  public boolean isHoliday(LocalDate day) {
    return days.contains(day);
  }

  /** Monday to Friday and not a bank holiday. */
  public boolean isWorkingDay(LocalDate day) {
    DayOfWeek d = day.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !days.contains(day);
  }

  /** The {@code n}th working day after {@code from} (not counting {@code from} itself). */
  public LocalDate plusWorkingDays(LocalDate from, int n) {
    LocalDate d = from;
    for (int left = n; left > 0; ) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }

  /**
   * Working days after {@code from} up to and including {@code to}; negative (the working days
   * after {@code to} up to and including {@code from}) when {@code to} is earlier.
   */
  public int workingDaysBetween(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return -workingDaysBetween(to, from);
    }
    int n = 0;
    for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        n++;
      }
    }
    return n;
  }

  /** The last year the data has holidays for; 0 when it has none. */
  public int lastYear() {
    return days.isEmpty() ? 0 : days.last().getYear();
  }

  /** The first year the data has holidays for; 0 when it has none. */
  public int firstYear() {
    return days.isEmpty() ? 0 : days.first().getYear();
  }
}
