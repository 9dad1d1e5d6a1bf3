package org.fieldsync.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import java.util.HashSet;

/**
 * The exports configuration file (config {@code exports}; docs/integration.md, "Exports"): the
 * exportable state of each record type, the sinks, and the dispatcher's pace.
 *
 * @param states record type wire name to its rule
 * @param resolved whether any record is exported when a conflict on it is resolved
 * @param sinks the sinks, in order
 * @param maxAttempts attempts before an entry is dead-lettered
 * @param backoffMillis the first retry's delay; doubles with each attempt
 * @param maxBackoffMillis the longest delay between attempts
 * @param pollMillis how often a node looks for due entries
 * @param batch most entries a node claims at once per sink
 * @param concurrency deliveries in flight at once per sink and node
 * @param leaseMillis how long a claim keeps other nodes off an entry
 */
public record ExportSettings(Map<String, ExportRules.Rule> states, boolean resolved,
    List<Sink> sinks, int maxAttempts, long backoffMillis, long maxBackoffMillis,
    long pollMillis, int batch, int concurrency, long leaseMillis) {

  /**
   * One sink.
   *
   * @param name unique name (kept with every outbox entry)
   * @param kind http or file
   * @param url for http: where to POST
   * @param dir for file: the folder the daily files go to
   * @param identities full (case management) or pseudonyms (reporting)
   * @param timeoutMillis for http: the longest wait for an answer
   */
  public record Sink(String name, String kind, String url, String dir, String identities,
      long timeoutMillis) {
    public boolean pseudonyms() {
      return "pseudonyms".equals(identities);
    }
  }

  /** No sinks: nothing is exported and no outbox entry is written. */
  public static ExportSettings none() {
    return new ExportSettings(ExportRules.defaults(), true, List.of(), 10, 1000, 600_000, 500,
        50, 4, 60_000);
  }

  /** Reads the file; a mistake in it stops the server from starting, with what is wrong. */
  public static ExportSettings load(String file) {
    if (file == null) {
      return none();
    }
    JsonNode j;
    try {
      j = ProtocolCodec.readTree(Files.readString(Path.of(file)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the exports file " + file + ": "
          + e.getMessage(), e);
    }
    return parse(j, file);
  }

  /** Parses the configuration's JSON. */
  public static ExportSettings parse(JsonNode j, String where) {
    Map<String, ExportRules.Rule> states = new LinkedHashMap<>(ExportRules.defaults());
    j.path("states").fields().forEachRemaining(f -> {
      if (RecordType.fromWire(f.getKey()).isEmpty()) {
        throw new IllegalArgumentException(where + ": states names no record type "
            + f.getKey());
      }
      states.put(f.getKey(), ExportRules.Rule.parse(f.getValue(), where));
    });
    List<Sink> sinks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode s : j.path("sinks")) {
      String name = s.path("name").asText("");
      String kind = s.path("kind").asText("");
      if (!name.matches("[a-z0-9-]{1,40}") || !names.add(name)) {
        throw new IllegalArgumentException(where + ": each sink needs a unique name of"
            + " a-z, 0-9 and -");
      }
      if (!kind.equals("http") && !kind.equals("file")) {
        throw new IllegalArgumentException(where + ": sink " + name + " kind must be http or"
            + " file");
      }
      if (kind.equals("http") && !s.path("url").asText("").matches("https?://.+")) {
        throw new IllegalArgumentException(where + ": http sink " + name + " needs a url");
      }
      if (kind.equals("file") && s.path("dir").asText("").isBlank()) {
        throw new IllegalArgumentException(where + ": file sink " + name + " needs a dir");
      }
      String ids = s.path("identities").asText("full");
      if (!ids.equals("full") && !ids.equals("pseudonyms")) {
        throw new IllegalArgumentException(where + ": sink " + name + " identities must be"
            + " full or pseudonyms");
      }
      sinks.add(new Sink(name, kind, s.path("url").asText(null), s.path("dir").asText(null),
          ids, s.path("timeoutMillis").asLong(10_000)));
    }
    ExportSettings d = none();
    return new ExportSettings(states, j.path("resolved").asBoolean(true), sinks,
        (int) positive(j, "maxAttempts", d.maxAttempts, where),
        positive(j, "backoffMillis", d.backoffMillis, where),
        positive(j, "maxBackoffMillis", d.maxBackoffMillis, where),
        positive(j, "pollMillis", d.pollMillis, where),
        (int) positive(j, "batch", d.batch, where),
        (int) positive(j, "concurrency", d.concurrency, where),
        positive(j, "leaseMillis", d.leaseMillis, where));
  }

  private static long positive(JsonNode j, String key, long dflt, String where) {
    JsonNode v = j.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.canConvertToLong() || v.asLong() < 1) {
      throw new IllegalArgumentException(where + ": " + key + " must be a whole number, 1 or"
          + " more");
    }
    return v.asLong();
  }
}
