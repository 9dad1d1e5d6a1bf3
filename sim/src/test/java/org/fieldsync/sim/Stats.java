package org.fieldsync.sim;

import java.util.Map;
import java.util.TreeMap;

/** Counts across scenarios: steps, faults injected by kind, invariant checks, failures. */
final class Stats {
  long scenarios;
  long steps;
  long checks;
  long failures;
  long sdkScenarios;
  long setupNanos;
  long runNanos;
  final Map<String, Long> faults = new TreeMap<>();

  synchronized void fault(String kind) {
    faults.merge(kind, 1L, Long::sum);
  }

  synchronized void add(Stats s) {
    scenarios += s.scenarios;
    steps += s.steps;
    checks += s.checks;
    failures += s.failures;
    sdkScenarios += s.sdkScenarios;
    setupNanos += s.setupNanos;
    runNanos += s.runNanos;
    s.faults.forEach((k, v) -> faults.merge(k, v, Long::sum));
  }

  /** The summary table. */
  String table(long millis) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%n+-------------------------------+------------+%n"));
    row(b, "scenarios", scenarios);
    row(b, "  with real SDK devices", sdkScenarios);
    row(b, "steps", steps);
    row(b, "invariant checks", checks);
    row(b, "failures", failures);
    b.append(String.format("+-------------------------------+------------+%n"));
    faults.forEach((k, v) -> row(b, "fault: " + k, v));
    b.append(String.format("+-------------------------------+------------+%n"));
    row(b, "wall time (s)", millis / 1000);
    row(b, "set-up per scenario (ms)", scenarios == 0 ? 0 : setupNanos / 1_000_000 / scenarios);
    row(b, "steps per scenario (ms)", scenarios == 0 ? 0 : runNanos / 1_000_000 / scenarios);
    b.append(String.format("+-------------------------------+------------+%n"));
    return b.toString();
  }

  private static void row(StringBuilder b, String k, long v) {
    b.append(String.format("| %-29s | %10d |%n", k, v));
  }
}
