package org.fieldsync.protocol.oversight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.oversight.OversightRules.Per;
import org.fieldsync.protocol.oversight.OversightRules.SupervisionCadence;
import org.fieldsync.protocol.oversight.OversightRules.VisitCadence;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * Reads {@link OversightRules} from JSON, strictly: a rules file is written by a person, so an
 * unknown key or a value out of range is a mistake to name, not to ignore (the opposite of the
 * wire's tolerance, where a newer peer's field must pass).
 */
final class RulesJson {
  private static final Set<String> KEYS = Set.of("note", "timeZone", "showDueWithinDays",
      "seenModes", "visits", "supervision", "returnHomeInterview", "fnspDecision");
  private static final ObjectNode DEFAULT_TREE = (ObjectNode) ProtocolCodec.readTree(
      resource("oversight-rules.json"));
  static final OversightRules DEFAULTS = build(DEFAULT_TREE);

  private RulesJson() {}

  /** The text of a resource beside this class (shipped in the jar; never the network). */
  static String resource(String name) {
    try (InputStream in = RulesJson.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The defaults with {@code json}'s top-level keys in their place. */
  static OversightRules parse(String json) {
    JsonNode given;
    try {
      given = ProtocolCodec.readTree(json);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("oversight rules: not JSON (" + e.getMessage() + ")", e);
    }
    if (given == null || !given.isObject()) {
      throw new IllegalArgumentException("oversight rules: must be a JSON object");
    }
    ObjectNode merged = DEFAULT_TREE.deepCopy();
    for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw bad(key, "is not a rule; the keys are " + KEYS);
      }
      merged.set(key, given.get(key));
    }
    return build(merged);
  }

  private static OversightRules build(ObjectNode j) {
    ZoneId zone;
    try {
      zone = ZoneId.of(text(j, "timeZone"));
    } catch (DateTimeException e) {
      throw bad("timeZone", "must be a time-zone id such as Europe/London");
    }
    int horizon = number(j.get("showDueWithinDays"), "showDueWithinDays", 0, 366);
    Set<Visit.Mode> modes = EnumSet.noneOf(Visit.Mode.class);
    for (JsonNode m : array(j, "seenModes")) {
      modes.add(wire(m, "seenModes", Visit.Mode.class, Visit.Mode.UNKNOWN));
    }
    List<VisitCadence> visits = new ArrayList<>();
    Set<Visit.Kind> seenKinds = EnumSet.noneOf(Visit.Kind.class);
    int i = 0;
    for (JsonNode v : array(j, "visits")) {
      String at = "visits." + i++;
      Visit.Kind kind = wire(v.get("kind"), at + ".kind", Visit.Kind.class, Visit.Kind.UNKNOWN);
      if (!seenKinds.add(kind)) {
        throw bad(at + ".kind", "is listed twice");
      }
      visits.add(new VisitCadence(kind, number(v.get("everyDays"), at + ".everyDays", 1, 366),
          flag(v.get("seenAlone"), at + ".seenAlone")));
    }
    List<SupervisionCadence> supervision = new ArrayList<>();
    Set<SupervisionNote.Kind> noteKinds = EnumSet.noneOf(SupervisionNote.Kind.class);
    i = 0;
    for (JsonNode s : array(j, "supervision")) {
      String at = "supervision." + i++;
      SupervisionNote.Kind kind = wire(s.get("kind"), at + ".kind", SupervisionNote.Kind.class,
          SupervisionNote.Kind.UNKNOWN);
      if (!noteKinds.add(kind)) {
        throw bad(at + ".kind", "is listed twice");
      }
      String per = s.path("per").asText("");
      if (!per.equals("case") && !per.equals("team")) {
        throw bad(at + ".per", "must be \"case\" or \"team\"");
      }
      Set<Visit.Kind> applies = EnumSet.noneOf(Visit.Kind.class);
      for (JsonNode k : arrayOf(s.get("appliesTo"), at + ".appliesTo")) {
        applies.add(wire(k, at + ".appliesTo", Visit.Kind.class, Visit.Kind.UNKNOWN));
      }
      if (applies.isEmpty()) {
        throw bad(at + ".appliesTo", "must name at least one kind of work");
      }
      supervision.add(new SupervisionCadence(kind, number(s.get("everyDays"),
          at + ".everyDays", 1, 366), per.equals("case") ? Per.CASE : Per.TEAM, applies));
    }
    int hours = number(j.path("returnHomeInterview").get("withinHours"),
        "returnHomeInterview.withinHours", 1, 24 * 30);
    int days = number(j.path("fnspDecision").get("withinWorkingDays"),
        "fnspDecision.withinWorkingDays", 1, 60);
    return new OversightRules(zone, horizon, modes, visits, supervision, hours, days);
  }

  private static String text(JsonNode j, String key) {
    JsonNode n = j.get(key);
    if (n == null || !n.isTextual()) {
      throw bad(key, "must be text");
    }
    return n.asText();
  }

  private static int number(JsonNode n, String key, int min, int max) {
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min
        || n.asInt() > max) {
      throw bad(key, "must be a whole number from " + min + " to " + max);
    }
    return n.asInt();
  }

  private static boolean flag(JsonNode n, String key) {
    if (n == null || !n.isBoolean()) {
      throw bad(key, "must be true or false");
    }
    return n.asBoolean();
  }

  private static Iterable<JsonNode> array(JsonNode j, String key) {
    return arrayOf(j.get(key), key);
  }

  private static Iterable<JsonNode> arrayOf(JsonNode n, String key) {
    if (n == null || !n.isArray()) {
      throw bad(key, "must be a list");
    }
    return n;
  }

  /** An enum value by its wire name (the names records use), never the unknown stand-in. */
  private static <E extends Enum<E>> E wire(JsonNode n, String key, Class<E> type, E unknown) {
    Function<String, E> byWire = w -> ProtocolCodec.mapper().convertValue(w, type);
    E value = n != null && n.isTextual() ? byWire.apply(n.asText()) : unknown;
    if (value == null || value == unknown) {
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        if (e != unknown) {
          names.add(ProtocolCodec.mapper().convertValue(e, String.class));
        }
      }
      throw bad(key, "must be one of " + names);
    }
    return value;
  }

  private static IllegalArgumentException bad(String key, String what) {
    return new IllegalArgumentException("oversight rules: " + key + " " + what);
  }
}
