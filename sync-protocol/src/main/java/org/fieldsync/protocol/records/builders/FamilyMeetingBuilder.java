package org.fieldsync.protocol.records.builders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FamilyMeeting.Facilitator;
import org.fieldsync.protocol.records.FamilyMeeting.Goal;
import org.fieldsync.protocol.records.FamilyMeeting.Kind;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds a {@link FamilyMeeting}. Whether the facilitator was independent is said by which step
 * names them ({@link #independentFacilitator} or {@link #facilitatorWithPriorInvolvement}): only
 * an independently facilitated meeting can support an FNSP request.
 */
public final class FamilyMeetingBuilder extends BodyBuilder<FamilyMeeting> {
  private Kind kind;
  private LocalDate date;
  private Facilitator facilitator;
  private final List<String> attendees = new ArrayList<>();
  private final List<Goal> goals = new ArrayList<>();
  private String notes;

  public FamilyMeetingBuilder(Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static FamilyMeetingBuilder create() {
    return new FamilyMeetingBuilder(InvalidBodyException::new);
  }

  /** Starts from an existing meeting, to change some of it. */
  public FamilyMeetingBuilder from(FamilyMeeting m) {
    kind = m.kind();
    date = m.date();
    facilitator = m.facilitator();
    attendees.clear();
    attendees.addAll(m.attendees());
    goals.clear();
    goals.addAll(m.goals());
    notes = m.notes();
    return this;
  }

  /** Family network meeting or family group conference. Required. */
  public FamilyMeetingBuilder kind(Kind k) {
    this.kind = k;
    return this;
  }

  /** When it was held. Required. */
  public FamilyMeetingBuilder date(LocalDate d) {
    this.date = d;
    return this;
  }

  /** A facilitator with no prior involvement in the case. */
  public FamilyMeetingBuilder independentFacilitator(String name, String organisation) {
    this.facilitator = new Facilitator(name, organisation, false);
    return this;
  }

  /** A facilitator who had prior involvement in the case (not independent). */
  public FamilyMeetingBuilder facilitatorWithPriorInvolvement(String name, String organisation) {
    this.facilitator = new Facilitator(name, organisation, true);
    return this;
  }

  /** Someone who attended (a name or a relationship); null is ignored. */
  public FamilyMeetingBuilder attendee(String who) {
    if (who != null) {
      attendees.add(who);
    }
    return this;
  }

  /** A family-plan goal agreed, with the id FNSP requests refer to. */
  public FamilyMeetingBuilder goal(String id, String description) {
    goals.add(new Goal(id, description));
    return this;
  }

  /** Narrative notes. */
  public FamilyMeetingBuilder notes(String text) {
    this.notes = text;
    return this;
  }

  @Override
  public FamilyMeeting unchecked() {
    return new FamilyMeeting(kind, date, facilitator, attendees, goals, notes);
  }
}
