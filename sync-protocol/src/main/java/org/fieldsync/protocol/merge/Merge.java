package org.fieldsync.protocol.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;

/**
 * The three-way (or N-way) merge: a pure function of a common ancestor and the concurrent sides.
 *
 * <p>Sides are put in a fixed order (HLC, then rev) before anything else, so the result never
 * depends on the order the caller passes them in. Each field merges by its {@link FieldRule}; a
 * field whose changes cannot be merged safely is reported as conflicting, and then no merged body
 * is produced at all: the caller keeps every side for a sync admin instead.
 */
public final class Merge {
  /** Pseudo-field names for the envelope, which merges like the body. */
  public static final String CASE_ID = "_caseId";
  public static final String CHILD_IDS = "_childIds";
  public static final String DELETED = "_deleted";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Merge() {}

  /** Merges two concurrent sides against their common ancestor (null when there is none). */
  public static MergeResult merge(RecordType type, MergeSide base, MergeSide ours,
      MergeSide theirs) {
    return merge(type, base, List.of(ours, theirs));
  }

  /**
   * Merges any number of concurrent sides against their common ancestor.
   *
   * @param type the record type, or null for a type this build does not know (all fields scalar)
   * @param base the common ancestor, or null when the sides share none
   * @param sides the concurrent sides; duplicates (same rev) count once
   */
  public static MergeResult merge(RecordType type, MergeSide base, List<MergeSide> sides) {
    if (sides.isEmpty()) {
      throw new IllegalArgumentException("a merge needs at least one side");
    }
    Map<String, MergeSide> unique = new LinkedHashMap<>();
    sides.stream().sorted(MergeSide.ORDER).forEach(s -> unique.putIfAbsent(s.rev(), s));
    List<MergeSide> ordered = List.copyOf(unique.values());
    ObjectNode baseBody = base == null ? NODES.objectNode() : object(base.body());
    List<ObjectNode> bodies = ordered.stream().map(s -> object(s.body())).toList();

    List<FieldMerge> fields = new ArrayList<>();
    fields.add(scalar(CASE_ID, FieldRule.SCALAR,
        base == null ? NullNode.getInstance() : text(base.caseId()),
        ordered.stream().map(s -> text(s.caseId())).toList()));
    fields.add(set(new FieldSpec(CHILD_IDS, FieldRule.SET, null),
        base == null ? NODES.arrayNode() : strings(base.childIds()),
        ordered.stream().map(s -> (JsonNode) strings(s.childIds())).toList()));
    FieldMerge deleted = scalar(DELETED, FieldRule.SCALAR,
        BooleanNode.valueOf(base != null && base.deleted()),
        ordered.stream().map(s -> (JsonNode) BooleanNode.valueOf(s.deleted())).toList());

    Set<String> names = new TreeSet<>();
    baseBody.fieldNames().forEachRemaining(names::add);
    bodies.forEach(b -> b.fieldNames().forEachRemaining(names::add));
    List<FieldMerge> bodyFields = new ArrayList<>();
    for (String name : names) {
      FieldSpec spec = MergeRules.spec(type, name);
      JsonNode b = baseBody.path(name);
      List<JsonNode> values = bodies.stream().map(o -> o.path(name)).toList();
      bodyFields.add(switch (spec.rule()) {
        case APPEND_TEXT -> appendText(spec, b, values);
        case SET -> set(spec, b, values);
        default -> scalar(name, spec.rule(), b, values);
      });
    }
    ObjectNode mergedBody = NODES.objectNode();
    for (FieldMerge f : bodyFields) {
      if (!f.conflicting() && MergeRules.present(f.merged())) {
        mergedBody.set(f.name(), f.merged());
      }
    }
    bodyFields = sealedGuard(type, mergedBody, ordered, bodies, bodyFields);
    deleted = deleteGuard(deleted, baseBody, ordered, bodies);
    fields.add(deleted);
    fields.addAll(bodyFields);

    if (fields.stream().anyMatch(FieldMerge::conflicting)) {
      return new MergeResult(fields, Optional.empty());
    }
    List<String> childIds = new ArrayList<>();
    fields.get(1).merged().forEach(n -> childIds.add(n.asText()));
    JsonNode caseId = fields.get(0).merged();
    return new MergeResult(fields, Optional.of(new MergeResult.Merged(
        MergeRules.present(caseId) ? caseId.asText() : null, childIds,
        deleted.merged().asBoolean(), CanonicalJson.canonicalize(mergedBody))));
  }

  /** Equal changes are fine; one change wins over no change; two different changes conflict. */
  private static FieldMerge scalar(String name, FieldRule rule, JsonNode base,
      List<JsonNode> values) {
    Map<String, JsonNode> changed = changed(base, values);
    if (changed.isEmpty()) {
      return new FieldMerge(name, rule, false, orNull(base), null);
    }
    if (changed.size() == 1) {
      return new FieldMerge(name, rule, false, orNull(changed.values().iterator().next()), null);
    }
    return new FieldMerge(name, rule, true, null,
        changed.size() + " sides changed " + name + " to different values");
  }

  /** Every side's addition to the base text is kept, in side order. */
  private static FieldMerge appendText(FieldSpec spec, JsonNode base, List<JsonNode> values) {
    Map<String, JsonNode> changed = changed(base, values);
    if (changed.size() <= 1 || !textOrAbsent(base)
        || !changed.values().stream().allMatch(Merge::textOrAbsent)) {
      return scalar(spec.name(), spec.rule(), base, values);
    }
    String baseText = MergeRules.present(base) ? base.asText() : "";
    List<String> additions = new ArrayList<>();
    for (JsonNode v : changed.values()) {
      String s = MergeRules.present(v) ? v.asText() : "";
      if (!s.startsWith(baseText)) {
        return new FieldMerge(spec.name(), spec.rule(), true, null, "a side rewrote or removed"
            + " existing text of " + spec.name() + "; only additions merge");
      }
      additions.add(s.substring(baseText.length()));
    }
    // An addition that another side's addition starts with is already inside it.
    List<String> kept = new ArrayList<>();
    for (String a : additions) {
      boolean contained = additions.stream().anyMatch(o -> o.length() > a.length()
          && o.startsWith(a));
      if (!contained && !kept.contains(a)) {
        kept.add(a);
      }
    }
    StringBuilder out = new StringBuilder(baseText);
    for (String a : kept) {
      if (out.length() > 0 && !a.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))
          && !Character.isWhitespace(a.charAt(0))) {
        out.append('\n');
      }
      out.append(a);
    }
    return new FieldMerge(spec.name(), spec.rule(), false, TextNode.valueOf(out.toString()), null);
  }

  /**
   * An observed-remove set against the base: an item stays if no side removed it, every side's
   * additions are kept. With a key, two different items for the same key conflict.
   */
  private static FieldMerge set(FieldSpec spec, JsonNode base, List<JsonNode> values) {
    Map<String, JsonNode> changed = changed(base, values);
    if (changed.size() <= 1 || !arrayOrAbsent(base)
        || !changed.values().stream().allMatch(Merge::arrayOrAbsent)) {
      return scalar(spec.name(), spec.rule(), base, values);
    }
    Map<String, JsonNode> baseItems = items(base);
    List<Map<String, JsonNode>> sideItems = values.stream().map(Merge::items).toList();
    LinkedHashMap<String, JsonNode> result = new LinkedHashMap<>();
    baseItems.forEach((k, v) -> {
      if (sideItems.stream().allMatch(s -> s.containsKey(k))) {
        result.put(k, v);
      }
    });
    for (Map<String, JsonNode> side : sideItems) {
      side.forEach((k, v) -> {
        if (!baseItems.containsKey(k)) {
          result.putIfAbsent(k, v);
        }
      });
    }
    if (spec.key() != null) {
      Map<String, String> byKey = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : result.entrySet()) {
        String key = CanonicalJson.canonicalize(e.getValue().path(spec.key()).isMissingNode()
            ? NullNode.getInstance() : e.getValue().path(spec.key()));
        String before = byKey.putIfAbsent(key, e.getKey());
        if (before != null) {
          return new FieldMerge(spec.name(), spec.rule(), true, null, "sides changed the "
              + spec.name() + " entry for " + spec.key() + " " + key + " differently");
        }
      }
    }
    ArrayNode out = NODES.arrayNode();
    result.values().forEach(out::add);
    return new FieldMerge(spec.name(), spec.rule(), false, out, null);
  }

  /**
   * A sealed record's sealed fields are what the side that sealed it saw: if the merge would
   * seal a value that differs from a sealing side's, that field is a conflict, not a merge.
   */
  private static List<FieldMerge> sealedGuard(RecordType type, ObjectNode mergedBody,
      List<MergeSide> sides, List<ObjectNode> bodies, List<FieldMerge> fields) {
    if (!MergeRules.sealed(type, mergedBody)) {
      return fields;
    }
    List<FieldMerge> out = new ArrayList<>(fields.size());
    for (FieldMerge f : fields) {
      if (f.rule() == FieldRule.SEALED && !f.conflicting()) {
        for (int i = 0; i < sides.size(); i++) {
          if (MergeRules.sealed(type, bodies.get(i))
              && !MergeRules.same(bodies.get(i).path(f.name()), f.merged())) {
            f = new FieldMerge(f.name(), f.rule(), true, null, f.name() + " was changed on one"
                + " device while another " + MergeRules.sealWord(type) + " the record");
            break;
          }
        }
      }
      out.add(f);
    }
    return out;
  }

  /** Deleting a record that another side edited is never merged silently. */
  private static FieldMerge deleteGuard(FieldMerge deleted, ObjectNode baseBody,
      List<MergeSide> sides, List<ObjectNode> bodies) {
    if (deleted.conflicting() || !deleted.merged().asBoolean()) {
      return deleted;
    }
    for (int i = 0; i < sides.size(); i++) {
      if (!sides.get(i).deleted() && !MergeRules.same(bodies.get(i), baseBody)) {
        return new FieldMerge(DELETED, FieldRule.SCALAR, true, null,
            "one side deleted the record while another edited it");
      }
    }
    return deleted;
  }

  /** Distinct values (by canonical form) that differ from the base, in side order. */
  private static Map<String, JsonNode> changed(JsonNode base, List<JsonNode> values) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode v : values) {
      if (!MergeRules.same(base, v)) {
        out.putIfAbsent(MergeRules.present(v) ? CanonicalJson.canonicalize(v) : "null", v);
      }
    }
    return out;
  }

  private static Map<String, JsonNode> items(JsonNode array) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.putIfAbsent(CanonicalJson.canonicalize(n), n));
    }
    return out;
  }

  private static boolean textOrAbsent(JsonNode n) {
    return !MergeRules.present(n) || n.isTextual();
  }

  private static boolean arrayOrAbsent(JsonNode n) {
    return !MergeRules.present(n) || n.isArray();
  }

  private static JsonNode orNull(JsonNode n) {
    return MergeRules.present(n) ? n : NullNode.getInstance();
  }

  private static JsonNode text(String s) {
    return s == null ? NullNode.getInstance() : TextNode.valueOf(s);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = NODES.arrayNode();
    values.forEach(out::add);
    return out;
  }

  private static ObjectNode object(String json) {
    if (json == null || json.isEmpty()) {
      return NODES.objectNode();
    }
    JsonNode n = ProtocolCodec.readTree(json);
    return n instanceof ObjectNode o ? o : NODES.objectNode();
  }
}
