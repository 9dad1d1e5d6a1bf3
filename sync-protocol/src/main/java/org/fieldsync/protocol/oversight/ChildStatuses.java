package org.fieldsync.protocol.oversight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.oversight.Facts.Fact;
import org.fieldsync.protocol.records.Visit;

/**
 * Each child's kind of work, where the case data does not say: the kind of the child's latest
 * visit (by date, then HLC), since the first of the unbroken run of visits of that kind that ends
 * with it. A CP child stepped down to CIN becomes CIN with the first CIN visit. This is the
 * stand-in until the case import brings each child's plan (decision 0027); a child with no visit
 * has no status, so nothing is due for them.
 */
final class ChildStatuses {
  /** A child's kind of work and since when. */
  record Status(Visit.Kind kind, LocalDate since) {}

  private ChildStatuses() {}

  /** The status of every child that is named on a visit with a kind. */
  static Map<String, Status> fromVisits(List<Fact<Visit>> visits) {
    Map<String, List<Fact<Visit>>> byChild = new HashMap<>();
    for (Fact<Visit> v : visits) {
      if (v.body().date() == null || v.body().kind() == null
          || v.body().kind() == Visit.Kind.UNKNOWN) {
        continue;
      }
      for (String child : v.childIds()) {
        byChild.computeIfAbsent(child, k -> new ArrayList<>()).add(v);
      }
    }
    Map<String, Status> out = new HashMap<>();
    byChild.forEach((child, list) -> {
      // Facts come in HLC order; a stable sort by date keeps HLC order within a day.
      list.sort((a, b) -> a.body().date().compareTo(b.body().date()));
      Visit.Kind kind = list.get(list.size() - 1).body().kind();
      LocalDate since = list.get(list.size() - 1).body().date();
      for (int i = list.size() - 1; i >= 0 && list.get(i).body().kind() == kind; i--) {
        since = list.get(i).body().date();
      }
      out.put(child, new Status(kind, since));
    });
    return out;
  }

  /** How a kind of work reads in a sentence. */
  static String label(Visit.Kind kind) {
    return switch (kind) {
      case CP -> "CP";
      case CIN -> "CIN";
      case CHILD_IN_CARE -> "child in care";
      case EARLY_HELP -> "early help";
      case FAMILY_HELP -> "Family Help";
      default -> "unknown";
    };
  }
}
