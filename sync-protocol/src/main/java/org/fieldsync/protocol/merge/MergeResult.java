package org.fieldsync.protocol.merge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a merge: every field's outcome, and when nothing conflicts, the merged content.
 *
 * @param fields one entry per field any side or the base has, in name order; envelope fields first
 * @param merged the merged content, present only when no field conflicts
 */
public record MergeResult(List<FieldMerge> fields, Optional<Merged> merged) {

  public MergeResult {
    fields = List.copyOf(fields);
  }

  /** Whether every field merged cleanly. */
  public boolean clean() {
    return merged.isPresent();
  }

  /** The names of the fields that conflict, in order. */
  public List<String> conflictingFields() {
    return fields.stream().filter(FieldMerge::conflicting).map(FieldMerge::name).toList();
  }

  /** Field outcomes by name. */
  public Map<String, FieldMerge> byName() {
    LinkedHashMap<String, FieldMerge> out = new LinkedHashMap<>();
    fields.forEach(f -> out.put(f.name(), f));
    return out;
  }

  /**
   * Merged content.
   *
   * @param caseId the case
   * @param childIds the children
   * @param deleted tombstone
   * @param body canonical JSON text of the merged body
   */
  public record Merged(String caseId, List<String> childIds, boolean deleted, String body) {
    public Merged {
      childIds = List.copyOf(childIds);
    }
  }
}
