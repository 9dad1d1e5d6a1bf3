package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * A family network meeting (FNM) or family group conference (FGC). FNSP requests link to one, and
 * only a meeting whose facilitator had no prior involvement in the case is independent enough to
 * support one.
 *
 * @param kind FNM or FGC
 * @param date when it was held
 * @param facilitator who facilitated it
 * @param attendees who attended (names or relationships)
 * @param goals the family-plan goals agreed
 * @param notes narrative notes
 */
public record FamilyMeeting(
    Kind kind,
    LocalDate date,
    Facilitator facilitator,
    List<String> attendees,
    List<Goal> goals,
    String notes)
    implements RecordBody {

  public FamilyMeeting {
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
    goals = goals == null ? List.of() : List.copyOf(goals);
  }

  /** Whether this meeting can support an FNSP request. */
  public boolean independentlyFacilitated() {
    return facilitator != null && Boolean.FALSE.equals(facilitator.priorInvolvement());
  }

  /**
   * The facilitator. {@code priorInvolvement} must be answered: true means not independent.
   *
   * @param name facilitator's name
   * @param organisation their organisation
   * @param priorInvolvement whether they had any prior involvement in the case
   */
  public record Facilitator(String name, String organisation, Boolean priorInvolvement) {}

  /** A family-plan goal, with an id FNSP requests refer to. */
  public record Goal(String id, String description) {}

  /** Family network meeting or family group conference. */
  public enum Kind {
    @JsonProperty("fnm") FNM,
    @JsonProperty("fgc") FGC,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
