package org.fieldsync.protocol.records.builders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.SupervisionNote.Action;
import org.fieldsync.protocol.records.SupervisionNote.Attendee;
import org.fieldsync.protocol.records.SupervisionNote.Kind;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds a {@link SupervisionNote}. Sign-off is the server's (kept unchanged by {@link #from}).
 */
public final class SupervisionNoteBuilder extends BodyBuilder<SupervisionNote> {
  private Kind kind;
  private LocalDate date;
  private String ledBy;
  private final List<Attendee> attendees = new ArrayList<>();
  private String analysis;
  private String decisions;
  private final List<Action> actions = new ArrayList<>();
  private SupervisionNote signed;

  public SupervisionNoteBuilder(
      Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static SupervisionNoteBuilder create() {
    return new SupervisionNoteBuilder(InvalidBodyException::new);
  }

  /** Starts from an existing note; its sign-off (the server's) is kept as it is. */
  public SupervisionNoteBuilder from(SupervisionNote n) {
    kind = n.kind();
    date = n.date();
    ledBy = n.ledBy();
    attendees.clear();
    attendees.addAll(n.attendees());
    analysis = n.analysis();
    decisions = n.decisions();
    actions.clear();
    actions.addAll(n.actions());
    signed = n;
    return this;
  }

  /** Group (CP), case (Family Help) or line-of-sight. Required. */
  public SupervisionNoteBuilder kind(Kind k) {
    this.kind = k;
    return this;
  }

  /** When it was held. Required. */
  public SupervisionNoteBuilder date(LocalDate d) {
    this.date = d;
    return this;
  }

  /** The user id of the manager who led it. Required. */
  public SupervisionNoteBuilder ledBy(String userId) {
    this.ledBy = userId;
    return this;
  }

  /** Someone who attended: name, then role, then agency (all required). */
  public SupervisionNoteBuilder attendee(String name, String role, String agency) {
    attendees.add(new Attendee(name, role, agency));
    return this;
  }

  /** The analysis. */
  public SupervisionNoteBuilder analysis(String text) {
    this.analysis = text;
    return this;
  }

  /** The decisions made. */
  public SupervisionNoteBuilder decisions(String text) {
    this.decisions = text;
    return this;
  }

  /** An agreed action: what, then who owns it, then when it is due (all required). */
  public SupervisionNoteBuilder action(String description, String owner, LocalDate due) {
    actions.add(new Action(description, owner, due));
    return this;
  }

  @Override
  public SupervisionNote unchecked() {
    return new SupervisionNote(kind, date, ledBy, attendees, analysis, decisions, actions,
        signed == null ? null : signed.signedOffBy(),
        signed == null ? null : signed.signedOffAt());
  }
}
