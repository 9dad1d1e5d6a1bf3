package org.fieldsync.protocol.oversight;

import java.time.LocalDate;
import java.util.List;

/**
 * Answer to {@code GET /api/v1/oversight/due}: the due and overdue items as of {@code today},
 * earliest due first.
 *
 * @param today the day the list was computed for, in the rules' time zone
 * @param items the items
 */
public record DueList(LocalDate today, List<DueItem> items) {
  public DueList {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
