package org.fieldsync.protocol.oversight;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.oversight.Facts.Fact;
import org.fieldsync.protocol.records.FnspRequest;

/**
 * FNSP decisions due: a submitted request is decided (approved or declined) within the configured
 * number of working days, counted from the day it was submitted; weekends and England and Wales
 * bank holidays do not count.
 *
 * <p>The day it was submitted is the day of the HLC of its current revision: once submitted, no
 * device may change a request (everything a manager decides on is sealed, and only a decision
 * moves its status), so that revision is the submission, and both the tablet and the server hold
 * it. A dedicated {@code submittedAt} field was the alternative; it would have been one more
 * device-set value to seal and check, saying what the HLC already says.
 */
final class FnspDues {
  private final OversightRules rules;
  private final BankHolidays holidays;

  FnspDues(OversightRules rules, BankHolidays holidays) {
    this.rules = rules;
    this.holidays = holidays;
  }

  List<DueItem> due(LocalDate today, OversightCase c, List<Fact<FnspRequest>> requests) {
    List<DueItem> out = new ArrayList<>();
    for (Fact<FnspRequest> f : requests) {
      FnspRequest r = f.body();
      if (!c.caseId().equals(f.caseId()) || r.status() != FnspRequest.Status.SUBMITTED) {
        continue;
      }
      LocalDate submitted;
      try {
        submitted = Instant.ofEpochMilli(Hlc.parse(f.hlc()).wallMillis())
            .atZone(rules.timeZone()).toLocalDate();
      } catch (IllegalArgumentException e) {
        continue; // an HLC that does not parse was never accepted by a server or a save
      }
      LocalDate due = holidays.plusWorkingDays(submitted, rules.fnspDecisionWorkingDays());
      if (Words.between(today, due) > rules.showDueWithinDays()) {
        continue;
      }
      int waited = Math.max(0, holidays.workingDaysBetween(submitted, today));
      int left = holidays.workingDaysBetween(today, due);
      String when = due.equals(today) ? "due today"
          : due.isAfter(today) ? "due in " + Words.workingDays(Math.max(left, 1))
          : left < 0 ? "overdue by " + Words.workingDays(-left)
          : "overdue (it was due on " + due + ")";
      String what = "FNSP request (" + category(r.category()) + ", " + pounds(r.amountPence())
          + ") submitted " + submitted + ", waiting " + Words.workingDays(waited)
          + " for a decision";
      out.add(new DueItem(DueKind.FNSP_DECISION, c.caseId(), null, c.teamId(), c.locality(),
          f.recordId(), null, due, null, today.isAfter(due), c.caseId() + ": " + what + ", "
              + when));
    }
    return out;
  }

  private static String category(FnspRequest.Category c) {
    return c == null ? "other" : c.name().toLowerCase(Locale.ROOT);
  }

  private static String pounds(Long pence) {
    long p = pence == null ? 0 : pence;
    return String.format(Locale.UK, "£%d.%02d", p / 100, p % 100);
  }
}
