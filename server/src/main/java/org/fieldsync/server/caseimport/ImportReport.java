package org.fieldsync.server.caseimport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a case import did (or, for a dry run, would do), line by line.
 *
 * @param lines one entry per non-blank line, in file order
 * @param allocationsChanged users whose allocations changed (to poke their tablets)
 * @param dryRun whether nothing was written
 */
public record ImportReport(List<Line> lines, List<String> allocationsChanged, boolean dryRun) {

  /**
   * One line's outcome.
   *
   * @param line its number in the file, from 1
   * @param key the item's key ({@code case:case-0001}), null when unreadable
   * @param outcome created, updated, unchanged, stale or error
   * @param changes field to [was, now]
   * @param code for an error, its stable code
   * @param message for an error or a stale item, why
   */
  public record Line(int line, String key, String outcome, Map<String, List<Object>> changes,
      String code, String message) {}

  ImportReport asDryRun() {
    return new ImportReport(lines, List.of(), true);
  }

  /** Lines that changed something. */
  public long changed() {
    return lines.stream().filter(l -> l.outcome().equals("created")
        || l.outcome().equals("updated")).count();
  }

  /** Lines refused. */
  public List<Line> errors() {
    return lines.stream().filter(l -> l.outcome().equals("error")).toList();
  }

  /** Count of lines per outcome. */
  public Map<String, Long> summary() {
    Map<String, Long> m = new TreeMap<>();
    lines.forEach(l -> m.merge(l.outcome(), 1L, Long::sum));
    return m;
  }
}
