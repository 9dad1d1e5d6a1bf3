package org.fieldsync.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deterministic simulation (decision 0036). Which scenarios run:
 *
 * <ul>
 *   <li>{@code -Dsim.seed=N}: that one scenario, its whole trace printed (a replay);
 *   <li>{@code -Psim} ({@code sim.scenarios=10000}): seeds {@code sim.firstSeed} onwards;
 *   <li>otherwise (CI): the fixed seeds in {@code sim/ci-seeds.txt}, with fewer steps each.
 * </ul>
 *
 * <p>A failure prints its seed, the broken invariant and the minimal trace, and the replay
 * command.
 */
class SimulationTest {
  /** Steps per scenario: the CI set keeps scenarios short so 500 of them fit its budget. */
  static final int CI_STEPS = 10;
  static final int FULL_STEPS = 30;

  @Test
  void everyInvariantHoldsInEveryScenario() throws Exception {
    String one = System.getProperty("sim.seed", "");
    long scenarios = Long.getLong("sim.scenarios", 0L);
    List<Long> seeds = new ArrayList<>();
    int steps;
    boolean echo = false;
    // Every sdkEvery-th seed also runs a real SDK tablet on Couchbase Lite (0: none); in the CI
    // set every 20th, to keep it inside its time budget.
    int sdkEvery = Integer.getInteger("sim.sdkEvery", one.isBlank() && scenarios == 0 ? 20 : 10);
    List<Long> full = List.of();
    if (!one.isBlank()) {
      seeds.add(Long.parseLong(one.trim()));
      steps = Integer.getInteger("sim.steps", ciSeeds().contains(seeds.get(0))
          && !fullSeeds().contains(seeds.get(0)) ? CI_STEPS : FULL_STEPS);
      echo = true;
    } else if (scenarios > 0) {
      long first = Long.getLong("sim.firstSeed", 1L);
      for (long s = first; s < first + scenarios; s++) {
        seeds.add(s);
      }
      steps = Integer.getInteger("sim.steps", FULL_STEPS);
    } else {
      seeds.addAll(ciSeeds());
      steps = Integer.getInteger("sim.steps", CI_STEPS);
      // Seeds a full run found a bug with replay as that run ran them: full length, an SDK
      // tablet on every tenth.
      full = fullSeeds();
      seeds.removeAll(full);
    }
    Stats total = new Stats();
    List<String> failures = new ArrayList<>();
    long t0 = System.currentTimeMillis();
    Vertx vertx = Vertx.vertx();
    int threads = Integer.getInteger("sim.threads", 4);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Stats>> runs = new ArrayList<>();
      for (long seed : seeds) {
        final int n = steps;
        final boolean e = echo;
        runs.add(pool.submit(() -> runOne(seed, vertx, n, e, sdkEvery, failures)));
      }
      for (long seed : full) {
        runs.add(pool.submit(() -> runOne(seed, vertx, FULL_STEPS, false, 10, failures)));
      }
      seeds.addAll(full);
      long done = 0;
      for (Future<Stats> f : runs) {
        total.add(f.get());
        if (++done % 1000 == 0) {
          System.out.printf("sim: %d of %d scenarios, %d failure(s), %d s%n", done,
              seeds.size(), failures.size(), (System.currentTimeMillis() - t0) / 1000);
        }
      }
    } finally {
      pool.shutdownNow();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    System.out.println("sim: " + steps + " steps per scenario" + total.table(
        System.currentTimeMillis() - t0));
    assertFalse(seeds.isEmpty(), "no seeds to run");
    assertEquals(List.of(), failures.stream().map(f -> f.substring(0, f.indexOf('\n')))
        .toList(), "invariant failures (seed, invariant); traces above");
  }

  private static Stats runOne(long seed, Vertx vertx, int steps, boolean echo, int sdkEvery,
      List<String> failures) throws IOException {
    Path dir = Files.createTempDirectory(SimServer.scratch(), "fieldsync-sim-" + seed + "-");
    Scenario s = null;
    try {
      long t0 = System.nanoTime();
      s = new Scenario(seed, vertx, dir, steps, echo, sdkEvery);
      long t1 = System.nanoTime();
      s.run();
      s.stats.setupNanos += t1 - t0;
      s.stats.runNanos += System.nanoTime() - t1;
      return s.stats;
    } catch (Invariants.Violation v) {
      StringBuilder b = new StringBuilder("seed " + seed + " broke " + v.getMessage() + "\n");
      b.append("  replay: mvn -B -Psim -Dsim.seed=").append(seed).append(" verify\n");
      b.append("  minimal trace:\n");
      List<String> keys = new ArrayList<>(v.keys);
      s.trace.minimal(keys, 12).forEach(l -> b.append("    ").append(l).append('\n'));
      synchronized (failures) {
        failures.add(b.toString());
        // At once too, so a long run stopped early still shows what it found.
        System.out.println(b);
      }
      return s.stats;
    } catch (RuntimeException e) {
      // Not an invariant but the harness or the system failing outright (a 5xx, a crash that
      // does not restart): also a failure, with its seed and trace.
      StringBuilder b = new StringBuilder("seed " + seed + " broke with " + e + "\n");
      b.append("  replay: mvn -B -Psim -Dsim.seed=").append(seed).append(" verify\n");
      if (s != null) {
        s.trace.minimal(List.of(), 25).forEach(l -> b.append("    ").append(l).append('\n'));
      }
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      b.append(w);
      synchronized (failures) {
        failures.add(b.toString());
        // At once too, so a long run stopped early still shows what it found.
        System.out.println(b);
      }
      Stats failed = s != null ? s.stats : new Stats();
      failed.failures++;
      return failed;
    } finally {
      if (s != null) {
        s.close();
      }
      delete(dir);
    }
  }

  static List<Long> ciSeeds() {
    Path file = Path.of(System.getProperty("sim.seeds", "ci-seeds.txt"));
    try (Stream<String> lines = Files.lines(file)) {
      return lines.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .flatMap(l -> {
            if (l.contains("..")) {
              long a = Long.parseLong(l.substring(0, l.indexOf("..")));
              long b = Long.parseLong(l.substring(l.indexOf("..") + 2));
              List<Long> out = new ArrayList<>();
              for (long x = a; x <= b; x++) {
                out.add(x);
              }
              return out.stream();
            }
            return Stream.of(Long.parseLong(l.split("\\s+")[0]));
          }).distinct().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CI file's seeds marked {@code full}: found by a full run, replayed as it ran them. */
  static List<Long> fullSeeds() {
    Path file = Path.of(System.getProperty("sim.seeds", "ci-seeds.txt"));
    try (Stream<String> lines = Files.lines(file)) {
      return lines.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.split("\\s+")).filter(t -> t.length > 1 && t[1].equals("full"))
          .map(t -> Long.parseLong(t[0])).distinct().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
