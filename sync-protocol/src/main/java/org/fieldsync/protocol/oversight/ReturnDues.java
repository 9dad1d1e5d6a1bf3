package org.fieldsync.protocol.oversight;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.oversight.Facts.Fact;
import org.fieldsync.protocol.records.Visit;

/**
 * Return home interviews due: a child recorded as having come home after being missing ({@code
 * returns} on any visit or contact) is owed a return home interview within the configured hours
 * (72 by default, 001:852). A visit marked {@code returnHomeInterview} on which the child was
 * seen, held at or after the return, answers it, late or not: a late interview is a matter for
 * the reports, not for the list of what is still to do.
 */
final class ReturnDues {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final OversightRules rules;

  ReturnDues(OversightRules rules) {
    this.rules = rules;
  }

  List<DueItem> due(Instant now, OversightCase c, List<Fact<Visit>> visits) {
    List<DueItem> out = new ArrayList<>();
    Set<String> seenReturns = new HashSet<>();
    for (Fact<Visit> v : visits) {
      if (!c.caseId().equals(v.caseId())) {
        continue;
      }
      for (Visit.Return r : v.body().returns()) {
        if (r == null || r.childId() == null || r.returnedAt() == null
            || !seenReturns.add(r.childId() + "\n" + r.returnedAt())
            || answered(r, c.caseId(), visits)) {
          continue;
        }
        Instant dueAt = r.returnedAt().plus(Duration.ofHours(rules.returnHomeInterviewHours()));
        ZonedDateTime local = dueAt.atZone(rules.timeZone());
        if (Words.between(now.atZone(rules.timeZone()).toLocalDate(), local.toLocalDate())
            > rules.showDueWithinDays()) {
          continue;
        }
        String reason = r.childId() + ": came home " + MINUTE.format(r.returnedAt()
            .atZone(rules.timeZone())) + ", no return home interview yet; due by "
            + MINUTE.format(local) + " (within " + rules.returnHomeInterviewHours()
            + " hours), " + Words.hoursLeft(Duration.between(now, dueAt));
        out.add(new DueItem(DueKind.RETURN_HOME_INTERVIEW, c.caseId(), r.childId(),
            c.teamId(), c.locality(), v.recordId(), null, local.toLocalDate(), dueAt,
            now.isAfter(dueAt), reason));
      }
    }
    return out;
  }

  /** Whether an interview visit saw the child at or after the return. */
  private boolean answered(Visit.Return r, String caseId, List<Fact<Visit>> visits) {
    for (Fact<Visit> v : visits) {
      Visit b = v.body();
      if (!caseId.equals(v.caseId()) || !Boolean.TRUE.equals(b.returnHomeInterview())
          || b.date() == null) {
        continue;
      }
      // Without a start time the interview counts for the whole of its day.
      Instant held = b.date().atTime(b.startTime() != null ? b.startTime() : LocalTime.MAX)
          .atZone(rules.timeZone()).toInstant();
      boolean seen = b.childrenSeen().stream()
          .anyMatch(s -> s != null && r.childId().equals(s.childId()) && s.seen());
      if (seen && !held.isBefore(r.returnedAt())) {
        return true;
      }
    }
    return false;
  }
}
