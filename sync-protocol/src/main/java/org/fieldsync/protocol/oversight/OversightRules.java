package org.fieldsync.protocol.oversight;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * The oversight cadences, as configuration: how often a child of each kind of work must be seen
 * (and whether alone), how often each kind of supervision is held and for which cases, how soon a
 * return home interview follows a return, and in how many working days an FNSP request is
 * decided. Dorset's defaults ({@link #defaults()}) come from the practice standards in DOMAIN.md
 * and are a JSON resource beside this class; a server reads an override file from its
 * configuration and an app hands one to the SDK ({@link #parse(String)}), so a council changes a
 * cadence without a release. Immutable.
 *
 * @param timeZone where "today" and a day's boundaries are reckoned (Europe/London)
 * @param showDueWithinDays items due further ahead than this are left off a due list; overdue
 *     items are always on it
 * @param seenModes the visit modes on which a child counts as seen (a visit, not a contact)
 * @param visits the visiting cadence per kind of work; a kind not listed has none
 * @param supervision the supervision cadences
 * @param returnHomeInterviewHours hours after a return within which the interview is held
 * @param fnspDecisionWorkingDays working days after submission within which an FNSP request is
 *     decided
 */
public record OversightRules(ZoneId timeZone, int showDueWithinDays, Set<Visit.Mode> seenModes,
    List<VisitCadence> visits, List<SupervisionCadence> supervision, int returnHomeInterviewHours,
    int fnspDecisionWorkingDays) {

  public OversightRules {
    seenModes = Set.copyOf(seenModes);
    visits = List.copyOf(visits);
    supervision = List.copyOf(supervision);
  }

  /**
   * How often a child whose work is of {@code kind} must be seen.
   *
   * @param kind the kind of work (the child's status)
   * @param everyDays at most this many days between one seeing and the next
   * @param seenAlone whether the child must be seen alone that often (CP), not just seen
   */
  public record VisitCadence(Visit.Kind kind, int everyDays, boolean seenAlone) {}

  /**
   * How often a kind of supervision is held, and for what.
   *
   * @param kind the supervision note kind that counts
   * @param everyDays at most this many days between one and the next
   * @param per whether each case needs its own, or each team one for all its cases
   * @param appliesTo a case needs it while one of its children's work is of one of these kinds
   */
  public record SupervisionCadence(SupervisionNote.Kind kind, int everyDays, Per per,
      Set<Visit.Kind> appliesTo) {
    public SupervisionCadence {
      appliesTo = Set.copyOf(appliesTo);
    }
  }

  /** What a supervision cadence is counted for. */
  public enum Per {
    /** Each case: a note of that kind on the case. */
    CASE,
    /** Each team: a note of that kind on any of the team's cases (a team's weekly meeting). */
    TEAM
  }

  /** Dorset's defaults, from the {@code oversight-rules.json} resource beside this class. */
  public static OversightRules defaults() {
    return RulesJson.DEFAULTS;
  }

  /**
   * The defaults with the top-level keys of {@code json} put in their place (a key given replaces
   * the default's whole value; keys not given keep it).
   *
   * @throws IllegalArgumentException naming the first key that is wrong and what it must be
   */
  public static OversightRules parse(String json) {
    return RulesJson.parse(json);
  }

  /** The visiting cadence for a kind of work, if it has one. */
  public Optional<VisitCadence> visitCadence(Visit.Kind kind) {
    return visits.stream().filter(v -> v.kind() == kind).findFirst();
  }
}
