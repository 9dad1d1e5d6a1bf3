package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A home visit or other direct contact with a child or family. Auditors look for whether each
 * child was seen, and seen alone (40% of CP children had not been seen alone), so that is recorded
 * per child rather than once per visit.
 *
 * @param date day of the visit
 * @param startTime local start time, optional
 * @param durationMinutes how long, optional
 * @param mode how the contact happened; only some modes count as the child being seen
 * @param kind the statutory kind of work the visit belongs to
 * @param planned planned or unplanned
 * @param childrenSeen one entry per child in the envelope's childIds
 * @param othersPresent adults and others seen (names or roles)
 * @param homeConditions observations of home conditions
 * @param analysis the worker's analysis
 * @param actionsAgreed actions agreed with the family
 * @param notes further narrative notes
 * @param nextVisitDate when the next visit is due, optional
 * @param returns children reported home after being missing, and when they came back: each
 *     starts the clock for a return home interview (recorded on the contact where the worker
 *     learned of it, or on the interview itself)
 * @param returnHomeInterview whether this visit is a return home interview; a child seen on it
 *     answers that child's returns up to the visit
 */
public record Visit(
    LocalDate date,
    LocalTime startTime,
    Integer durationMinutes,
    Mode mode,
    Kind kind,
    Boolean planned,
    List<ChildSeen> childrenSeen,
    List<String> othersPresent,
    String homeConditions,
    String analysis,
    String actionsAgreed,
    String notes,
    LocalDate nextVisitDate,
    // Left out when empty, so a visit without returns has the same body (and rev) as before
    // the field existed, and an older client's visit never differs from ours by an empty list.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Return> returns,
    Boolean returnHomeInterview)
    implements RecordBody {

  public Visit {
    childrenSeen = childrenSeen == null ? List.of() : List.copyOf(childrenSeen);
    othersPresent = othersPresent == null ? List.of() : List.copyOf(othersPresent);
    returns = returns == null ? List.of() : List.copyOf(returns);
  }

  /** A visit with no return from missing and no return home interview: most visits. */
  public Visit(LocalDate date, LocalTime startTime, Integer durationMinutes, Mode mode, Kind kind,
      Boolean planned, List<ChildSeen> childrenSeen, List<String> othersPresent,
      String homeConditions, String analysis, String actionsAgreed, String notes,
      LocalDate nextVisitDate) {
    this(date, startTime, durationMinutes, mode, kind, planned, childrenSeen, othersPresent,
        homeConditions, analysis, actionsAgreed, notes, nextVisitDate, List.of(), null);
  }

  /**
   * A child who came home after being missing.
   *
   * @param childId one of the record's children
   * @param returnedAt when the child returned (an instant)
   */
  public record Return(String childId, Instant returnedAt) {}

  /** Whether and how one child was seen. {@code seenAlone} implies {@code seen}. */
  public record ChildSeen(String childId, boolean seen, boolean seenAlone) {}

  /** How the contact happened. A visit (child seen) is not the same as a contact. */
  public enum Mode {
    @JsonProperty("home_visit") HOME_VISIT,
    @JsonProperty("school") SCHOOL,
    @JsonProperty("office") OFFICE,
    @JsonProperty("video") VIDEO,
    @JsonProperty("phone") PHONE,
    @JsonProperty("text") TEXT,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }

  /** The statutory kind of work, which decides the visiting cadence. */
  public enum Kind {
    @JsonProperty("cp") CP,
    @JsonProperty("cin") CIN,
    @JsonProperty("child_in_care") CHILD_IN_CARE,
    @JsonProperty("early_help") EARLY_HELP,
    @JsonProperty("family_help") FAMILY_HELP,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
