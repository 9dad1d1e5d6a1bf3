package org.fieldsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * Every figure the bench prints, kept so it can also be written as JSON ({@code --out}) and
 * compared with an earlier run's JSON ({@code --compare}). A figure's key is its scenario and
 * column, so two runs of different versions line up by name, not by position.
 */
final class Results {
  /** One printed figure: which scenario and column, its value, and whether more is better. */
  record Figure(String scenario, String column, double value, boolean higherIsBetter) {
    String key() {
      return scenario + " | " + column;
    }
  }

  private final List<Figure> figures = new ArrayList<>();

  void add(String scenario, String column, double value, boolean higherIsBetter) {
    figures.add(new Figure(scenario, column, value, higherIsBetter));
  }

  List<Figure> figures() {
    return figures;
  }

  void write(Path file, ObjectNode header) throws IOException {
    ObjectNode root = ProtocolCodec.mapper().createObjectNode();
    root.setAll(header);
    ObjectNode f = root.putObject("figures");
    for (Figure x : figures) {
      ObjectNode n = f.putObject(x.key());
      n.put("value", x.value());
      n.put("higherIsBetter", x.higherIsBetter());
    }
    Files.write(file, ProtocolCodec.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(root));
  }

  /**
   * Prints now / before for every figure both runs have. The ratio is always now / before; the
   * last column says whether that is better, so "1.8 better" reads the same for a rate and a
   * latency.
   */
  void compare(Path previous) throws IOException {
    JsonNode before = ProtocolCodec.readTree(Files.readString(previous)).path("figures");
    System.out.printf("%nCompared with %s (ratio = now / before)%n", previous);
    System.out.printf("%-64s %12s %12s %8s %s%n", "figure", "before", "now", "ratio", "");
    for (Figure x : figures) {
      JsonNode b = before.path(x.key()).path("value");
      if (!b.isNumber()) {
        System.out.printf("%-64s %12s %12.2f %8s%n", x.key(), "-", x.value(), "new");
        continue;
      }
      double ratio = x.value() / b.asDouble();
      boolean better = x.higherIsBetter() ? ratio > 1 : ratio < 1;
      System.out.printf("%-64s %12.2f %12.2f %8.2f %s%n", x.key(), b.asDouble(), x.value(),
          ratio, ratio == 1 ? "same" : better ? "better" : "worse");
    }
  }
}
