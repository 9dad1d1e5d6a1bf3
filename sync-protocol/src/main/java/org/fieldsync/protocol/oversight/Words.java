package org.fieldsync.protocol.oversight;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** How due items read: counts of days and hours, and "due in" / "overdue by". */
final class Words {
  private Words() {}

  static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }

  static String workingDays(long n) {
    return n == 1 ? "1 working day" : n + " working days";
  }

  /** Days from {@code from} to {@code to}. */
  static long between(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to);
  }

  /** "today", "1 day ago", "26 days ago". */
  static String ago(LocalDate day, LocalDate today) {
    long n = between(day, today);
    return n == 0 ? "today" : days(n) + " ago";
  }

  /** "due in 2 days", "due today", "overdue by 1 day". */
  static String dueIn(LocalDate due, LocalDate today) {
    long d = between(today, due);
    return d > 0 ? "due in " + days(d) : d == 0 ? "due today" : "overdue by " + days(-d);
  }

  /** "14 hours left", "overdue by 5 hours"; in days from four days on. */
  static String hoursLeft(Duration left) {
    long h = Math.abs(left.toHours());
    String amount = h >= 96 ? days(h / 24) : h == 0 ? "less than an hour" : h == 1 ? "1 hour"
        : h + " hours";
    return left.isNegative() ? "overdue by " + amount : amount + " left";
  }
}
