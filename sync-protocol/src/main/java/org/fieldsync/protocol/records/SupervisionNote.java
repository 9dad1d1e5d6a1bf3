package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A record of case supervision, kept on the child's file. Signed off by the manager who led it;
 * after sign-off it changes only by addendum. Personal supervision is not case recording and has no
 * record type.
 *
 * @param kind group (CP), case (Family Help) or line-of-sight
 * @param date when it was held
 * @param ledBy user id of the manager who led it
 * @param attendees who attended, with role and agency
 * @param analysis the analysis
 * @param decisions the decisions made
 * @param actions actions, each with an owner and a due date
 * @param signedOffBy who signed it off (server-owned)
 * @param signedOffAt when (server-owned)
 */
public record SupervisionNote(
    Kind kind,
    LocalDate date,
    String ledBy,
    List<Attendee> attendees,
    String analysis,
    String decisions,
    List<Action> actions,
    String signedOffBy,
    Instant signedOffAt)
    implements RecordBody {

  public SupervisionNote {
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** An attendee; supervision is multi-agency, so the agency is always recorded. */
  public record Attendee(String name, String role, String agency) {}

  /** An agreed action with an owner and a due date. */
  public record Action(String description, String owner, LocalDate due) {}

  /** The kind of supervision, which decides its cadence. */
  public enum Kind {
    @JsonProperty("group_cp") GROUP_CP,
    @JsonProperty("case_family_help") CASE_FAMILY_HELP,
    @JsonProperty("line_of_sight") LINE_OF_SIGHT,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
