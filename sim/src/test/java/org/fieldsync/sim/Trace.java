package org.fieldsync.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario did, one line per event: {@code #step [actor] action -> result}. Record ids
 * and revs are shortened (last 6 characters of the id, generation and 6 hex digits of the rev),
 * the same way everywhere, so a record can be followed through a trace with grep.
 */
final class Trace {
  private final List<String> lines = new ArrayList<>();
  private final boolean echo;
  private int step;

  Trace(boolean echo) {
    this.echo = echo;
  }

  void step(int s) {
    step = s;
  }

  void add(String actor, String what) {
    String line = "#" + step + " [" + actor + "] " + what;
    lines.add(line);
    if (echo) {
      System.out.println(line);
    }
  }

  List<String> lines() {
    return lines;
  }

  /**
   * The minimal trace of a failure: the lines that mention any of {@code keys} (the failing
   * records' short ids, devices' names), plus every fault and server event, plus the last lines.
   */
  List<String> minimal(List<String> keys, int tail) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean keep = i >= lines.size() - tail || l.contains("FAULT") || l.contains("[server]");
      for (String k : keys) {
        keep |= !k.isEmpty() && l.contains(k);
      }
      if (keep) {
        out.add(l);
      }
    }
    return out;
  }

  static String shortId(String id) {
    return id == null ? "-" : id.substring(Math.max(0, id.length() - 6));
  }

  static String shortRev(String rev) {
    if (rev == null) {
      return "-";
    }
    int dash = rev.indexOf('-');
    return dash < 0 ? rev : rev.substring(0, Math.min(rev.length(), dash + 7));
  }
}
