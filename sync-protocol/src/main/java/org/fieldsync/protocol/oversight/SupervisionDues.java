package org.fieldsync.protocol.oversight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.fieldsync.protocol.oversight.ChildStatuses.Status;
import org.fieldsync.protocol.oversight.Facts.Fact;
import org.fieldsync.protocol.oversight.OversightRules.Per;
import org.fieldsync.protocol.oversight.OversightRules.SupervisionCadence;
import org.fieldsync.protocol.records.SupervisionNote;

/**
 * Supervision due: a case needs each kind of supervision that applies to one of its children's
 * kind of work (CP group supervision for a CP case, Family Help case supervision for a Family
 * Help case) at least every so many days; a team needs its meeting (line of sight) that often
 * while any of its cases is under work it applies to. A note counts when it is held (its date),
 * signed off or not: sign-off is the manager's own, separate step.
 */
final class SupervisionDues {
  private final OversightRules rules;

  SupervisionDues(OversightRules rules) {
    this.rules = rules;
  }

  /** When a cadence began to apply to a case, and to which kind of work. */
  private record Applies(LocalDate since, Status status) {}

  /** A case's items, for the cadences counted per case. */
  List<DueItem> forCase(LocalDate today, OversightCase c, Map<String, Status> statuses,
      List<Fact<SupervisionNote>> notes) {
    List<DueItem> out = new ArrayList<>();
    for (SupervisionCadence cadence : rules.supervision()) {
      Applies a = cadence.per() == Per.CASE ? applies(cadence, c, statuses) : null;
      if (a == null) {
        continue;
      }
      Fact<SupervisionNote> last = last(today, cadence, notes);
      String began = "since " + ChildStatuses.label(a.status().kind()) + " work began on "
          + a.since();
      item(out, today, cadence, a.since(), last, began, c.caseId(), c.caseId(), c.teamId(),
          c.locality());
    }
    return out;
  }

  /** Each team's items, for the cadences counted per team, over all the team's cases. */
  List<DueItem> forTeams(LocalDate today, List<OversightCase> cases,
      Map<String, Status> statuses, Function<String, List<Fact<SupervisionNote>>> notesOf) {
    List<DueItem> out = new ArrayList<>();
    for (SupervisionCadence cadence : rules.supervision()) {
      if (cadence.per() != Per.TEAM) {
        continue;
      }
      Map<String, LocalDate> since = new TreeMap<>();
      Map<String, List<Fact<SupervisionNote>>> teamNotes = new HashMap<>();
      for (OversightCase c : cases) {
        Applies a = c.teamId() == null ? null : applies(cadence, c, statuses);
        if (a != null) {
          since.merge(c.teamId(), a.since(), (x, y) -> x.isBefore(y) ? x : y);
        }
        if (c.teamId() != null) {
          teamNotes.computeIfAbsent(c.teamId(), k -> new ArrayList<>())
              .addAll(notesOf.apply(c.caseId()));
        }
      }
      since.forEach((team, from) -> item(out, today, cadence, from,
          last(today, cadence, teamNotes.get(team)), "since " + from, team, null, team, null));
    }
    return out;
  }

  private void item(List<DueItem> out, LocalDate today, SupervisionCadence cadence,
      LocalDate since, Fact<SupervisionNote> last, String began, String subject, String caseId,
      String teamId, String locality) {
    boolean counts = last != null && !last.body().date().isBefore(since);
    LocalDate done = counts ? last.body().date() : null;
    LocalDate due = (counts ? done : since).plusDays(cadence.everyDays());
    if (Words.between(today, due) > rules.showDueWithinDays()) {
      return;
    }
    String what = label(cadence.kind());
    String reason = !counts ? "no " + what + " " + began + " (" + Words.ago(since, today) + ")"
        : done.equals(today) ? what + " held today"
        : "no " + what + " for " + Words.days(Words.between(done, today));
    out.add(new DueItem(DueKind.of(cadence.kind()), caseId, null, teamId, locality,
        counts ? last.recordId() : null, done, due, null, due.isBefore(today),
        subject + ": " + reason + ", " + Words.dueIn(due, today)));
  }

  /** Whether the cadence applies to the case: the earliest child it applies to, or null. */
  private static Applies applies(SupervisionCadence cadence, OversightCase c,
      Map<String, Status> statuses) {
    Applies first = null;
    for (OversightCase.Child child : c.children()) {
      Status s = VisitDues.status(child, statuses);
      if (s != null && cadence.appliesTo().contains(s.kind())
          && (first == null || s.since().isBefore(first.since()))) {
        first = new Applies(s.since(), s);
      }
    }
    return first;
  }

  /**
   * The latest of {@code notes} of the cadence's kind held by today; of two on one day, the later
   * recorded (by HLC), whatever order the cases came in.
   */
  private static Fact<SupervisionNote> last(LocalDate today, SupervisionCadence cadence,
      List<Fact<SupervisionNote>> notes) {
    Fact<SupervisionNote> last = null;
    for (Fact<SupervisionNote> n : notes) {
      LocalDate d = n.body().date();
      if (n.body().kind() == cadence.kind() && d != null && !d.isAfter(today)
          && (last == null || d.isAfter(last.body().date()) || (d.equals(last.body().date())
              && String.valueOf(n.hlc()).compareTo(String.valueOf(last.hlc())) > 0))) {
        last = n;
      }
    }
    return last;
  }

  static String label(SupervisionNote.Kind kind) {
    return switch (kind) {
      case GROUP_CP -> "CP group supervision";
      case CASE_FAMILY_HELP -> "Family Help case supervision";
      case LINE_OF_SIGHT -> "line-of-sight meeting";
      default -> "supervision";
    };
  }
}
