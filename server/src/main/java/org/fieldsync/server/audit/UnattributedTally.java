package org.fieldsync.server.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The count of one action's events without an actor since the last summary: how many, from when
 * to when, and the first few distinct targets (a route, a user name tried) with their counts.
 * Bounded whatever is sent: at most {@value #TARGETS} targets are kept, the rest only counted,
 * so a caller choosing its own paths or names cannot grow it.
 */
final class UnattributedTally {
  private static final int TARGETS = 10;
  private final String action;
  private final Map<String, Integer> targets = new LinkedHashMap<>();
  private long count;
  private long otherTargets;
  private long first;
  private long last;
  private boolean closed;

  UnattributedTally(String action) {
    this.action = action;
  }

  /** Counts an event; false when this tally was already summarised (count it in a new one). */
  synchronized boolean add(AuditEvent e, long now) {
    if (closed) {
      return false;
    }
    if (count == 0) {
      first = now;
    }
    count++;
    last = now;
    String target = e.target() == null ? "" : e.target();
    if (targets.containsKey(target) || targets.size() < TARGETS) {
      targets.merge(target, 1, Integer::sum);
    } else {
      otherTargets++;
    }
    return true;
  }

  synchronized long count() {
    return count;
  }

  /**
   * The summary row: no actor, the action, and in the detail the count, the period and the
   * targets seen (as {@code "target ×n"}).
   */
  synchronized AuditEvent summary() {
    closed = true;
    List<String> seen = new ArrayList<>();
    targets.forEach((t, n) -> seen.add(t + " ×" + n));
    return AuditEvent.anonymous(action, "unattributed", "count", count, "from", first, "to",
        last, "targets", seen, "otherTargets", otherTargets == 0 ? null : otherTargets);
  }
}
