package org.fieldsync.protocol.oversight;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldsync.protocol.records.SupervisionNote;

/**
 * What a due item is for. The wire names are the {@code kind} filter of {@code GET
 * /api/v1/oversight/due}; the supervision kinds are the supervision note's own wire names.
 */
public enum DueKind {
  /** A child to be seen (or seen alone) within their visiting cadence. */
  @JsonProperty("visit") VISIT("visit"),
  /** CP group supervision for a case. */
  @JsonProperty("group_cp") GROUP_CP("group_cp"),
  /** Family Help case supervision for a case. */
  @JsonProperty("case_family_help") CASE_FAMILY_HELP("case_family_help"),
  /** A team's line-of-sight meeting. */
  @JsonProperty("line_of_sight") LINE_OF_SIGHT("line_of_sight"),
  /** A return home interview after a child came back from being missing. */
  @JsonProperty("return_home_interview") RETURN_HOME_INTERVIEW("return_home_interview"),
  /** A manager's decision on a submitted FNSP request. */
  @JsonProperty("fnsp_decision") FNSP_DECISION("fnsp_decision"),
  /** A kind this client does not know (from a newer server). */
  @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN("unknown");

  private final String wireName;

  DueKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The kind for a wire name; null when there is none (never {@link #UNKNOWN}). */
  public static DueKind fromWire(String name) {
    for (DueKind k : values()) {
      if (k != UNKNOWN && k.wireName.equals(name)) {
        return k;
      }
    }
    return null;
  }

  /** The due kind a supervision note of {@code kind} answers. */
  static DueKind of(SupervisionNote.Kind kind) {
    return switch (kind) {
      case GROUP_CP -> GROUP_CP;
      case CASE_FAMILY_HELP -> CASE_FAMILY_HELP;
      case LINE_OF_SIGHT -> LINE_OF_SIGHT;
      default -> UNKNOWN;
    };
  }
}
