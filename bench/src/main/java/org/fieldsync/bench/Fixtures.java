package org.fieldsync.bench;

import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/** Fictional bodies for the benchmark's merges; every name is invented. */
final class Fixtures {
  private Fixtures() {}

  static SupervisionNote note(List<String> attendees, String analysis) {
    return new SupervisionNote(SupervisionNote.Kind.CASE_FAMILY_HELP, LocalDate.of(2026, 11, 19),
        "u-erin", attendees.stream().map(a -> new SupervisionNote.Attendee(a, "practitioner",
            "Dorset Council")).toList(), analysis, "Continue plan; review in 8 weeks.",
        List.of(new SupervisionNote.Action("Book FNM review", "Alice Penrose",
            LocalDate.of(2026, 12, 10))), null, null);
  }

  static Visit withMode(Visit v, Visit.Mode mode) {
    return new Visit(v.date(), v.startTime(), v.durationMinutes(), mode, v.kind(), v.planned(),
        v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(), v.actionsAgreed(),
        v.notes(), v.nextVisitDate());
  }
}
