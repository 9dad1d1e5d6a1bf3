package org.fieldsync.protocol.oversight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.oversight.ChildStatuses.Status;
import org.fieldsync.protocol.oversight.Facts.Fact;
import org.fieldsync.protocol.oversight.OversightRules.VisitCadence;
import org.fieldsync.protocol.records.Visit;

/**
 * Children due to be seen: a child whose kind of work has a visiting cadence must be seen (or,
 * for CP by default, seen alone) at least every so many days, counted from the last time they
 * were, or from when that work began if they have not been since. Only visits in a mode that
 * sees the child count (a phone call is a contact, not a visit), of any kind: a CP child seen on
 * a CIN visit was still seen.
 */
final class VisitDues {
  private final OversightRules rules;

  VisitDues(OversightRules rules) {
    this.rules = rules;
  }

  /** The last time a child was seen, and the last time seen alone, with the visit's id. */
  private record Seen(LocalDate date, String recordId) {}

  List<DueItem> due(LocalDate today, OversightCase c, Map<String, Status> statuses,
      List<Fact<Visit>> visits) {
    Map<String, Seen> seen = new HashMap<>();
    Map<String, Seen> alone = new HashMap<>();
    for (Fact<Visit> v : visits) {
      LocalDate date = v.body().date();
      if (!c.caseId().equals(v.caseId()) || date == null || date.isAfter(today)
          || !rules.seenModes().contains(v.body().mode())) {
        continue;
      }
      for (Visit.ChildSeen s : v.body().childrenSeen()) {
        if (s != null && s.seen()) {
          later(seen, s.childId(), new Seen(date, v.recordId()));
        }
        if (s != null && s.seenAlone()) {
          later(alone, s.childId(), new Seen(date, v.recordId()));
        }
      }
    }
    List<DueItem> out = new ArrayList<>();
    for (OversightCase.Child child : c.children()) {
      Status st = status(child, statuses);
      VisitCadence cadence = st == null ? null : rules.visitCadence(st.kind()).orElse(null);
      if (cadence == null) {
        continue;
      }
      Seen last = (cadence.seenAlone() ? alone : seen).get(child.childId());
      Seen lastSeen = seen.get(child.childId());
      boolean counts = last != null && !last.date().isBefore(st.since());
      LocalDate due = (counts ? last.date() : st.since()).plusDays(cadence.everyDays());
      if (Words.between(today, due) > rules.showDueWithinDays()) {
        continue;
      }
      String what = cadence.seenAlone() ? "seen alone" : "seen";
      String reason;
      if (counts && cadence.seenAlone() && lastSeen != null
          && lastSeen.date().isAfter(last.date())) {
        reason = "seen " + Words.ago(lastSeen.date(), today) + " but not alone; not seen alone for "
            + Words.days(Words.between(last.date(), today));
      } else if (counts) {
        long n = Words.between(last.date(), today);
        reason = n == 0 ? what + " today" : "not " + what + " for " + Words.days(n);
      } else {
        reason = "not " + what + " since " + ChildStatuses.label(st.kind()) + " work began on "
            + st.since() + " (" + Words.ago(st.since(), today) + ")";
      }
      out.add(new DueItem(DueKind.VISIT, c.caseId(), child.childId(), c.teamId(), c.locality(),
          counts ? last.recordId() : null, counts ? last.date() : null, due,
          null, due.isBefore(today), child.childId() + ": " + reason + ", "
              + Words.dueIn(due, today)));
    }
    return out;
  }

  /** The case data's status when it has one, otherwise the one read from the visits. */
  static Status status(OversightCase.Child child, Map<String, Status> fromVisits) {
    if (child.status() != null && child.status() != Visit.Kind.UNKNOWN && child.since() != null) {
      return new Status(child.status(), child.since());
    }
    return fromVisits.get(child.childId());
  }

  private static void later(Map<String, Seen> m, String child, Seen s) {
    // Facts arrive in HLC order, so on one day the later-recorded visit wins.
    m.merge(child, s, (a, b) -> b.date().isBefore(a.date()) ? a : b);
  }
}
