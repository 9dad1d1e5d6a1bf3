package org.fieldsync.bench;

import java.util.Arrays;

/** Percentiles over a sample of durations, nearest-rank. Bench-only. */
final class Stats {
  private Stats() {}

  static double percentile(double[] sample, double p) {
    if (sample.length == 0) {
      return Double.NaN;
    }
    double[] s = sample.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  static double median(double[] sample) {
    return percentile(sample, 50);
  }
}
