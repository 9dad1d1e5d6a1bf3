package org.fieldsync.protocol.records.builders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.ChildVoiceObservation.Addendum;
import org.fieldsync.protocol.records.ChildVoiceObservation.AttachmentRef;
import org.fieldsync.protocol.records.ChildVoiceObservation.Method;
import org.fieldsync.protocol.records.ChildVoiceObservation.Status;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds a {@link ChildVoiceObservation}: the child's own words and what the worker observed are
 * separate, named steps, so one cannot land in the other's place.
 */
public final class ChildVoiceBuilder extends BodyBuilder<ChildVoiceObservation> {
  private String childId;
  private LocalDate date;
  private String childWords;
  private String workerObservation;
  private Method method;
  private Boolean advocatePresent;
  private String languageNeeds;
  private String identityNotes;
  private Boolean fedBackToChild;
  private Status status = Status.DRAFT;
  private final List<Addendum> addenda = new ArrayList<>();
  private final List<AttachmentRef> attachments = new ArrayList<>();

  public ChildVoiceBuilder(Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static ChildVoiceBuilder create() {
    return new ChildVoiceBuilder(InvalidBodyException::new);
  }

  /** Starts from an existing observation, to change some of it (or add an addendum). */
  public ChildVoiceBuilder from(ChildVoiceObservation c) {
    childId = c.childId();
    date = c.date();
    childWords = c.childWords();
    workerObservation = c.workerObservation();
    method = c.method();
    advocatePresent = c.advocatePresent();
    languageNeeds = c.languageNeeds();
    identityNotes = c.identityNotes();
    fedBackToChild = c.fedBackToChild();
    status = c.status();
    addenda.clear();
    addenda.addAll(c.addenda());
    attachments.clear();
    attachments.addAll(c.attachments());
    return this;
  }

  /** The child whose voice this is; one of the record's children. Required. */
  public ChildVoiceBuilder childId(String id) {
    this.childId = id;
    return this;
  }

  /** When the observation was made. Required. */
  public ChildVoiceBuilder date(LocalDate d) {
    this.date = d;
    return this;
  }

  /** The child's own words, verbatim. */
  public ChildVoiceBuilder childWords(String words) {
    this.childWords = words;
    return this;
  }

  /** What the worker observed: non-verbal, play, behaviour. */
  public ChildVoiceBuilder workerObservation(String text) {
    this.workerObservation = text;
    return this;
  }

  /** The method or tool used. Required. */
  public ChildVoiceBuilder method(Method m) {
    this.method = m;
    return this;
  }

  /** Whether an advocate was present. */
  public ChildVoiceBuilder advocatePresent(boolean present) {
    this.advocatePresent = present;
    return this;
  }

  /** Language and communication needs. */
  public ChildVoiceBuilder languageNeeds(String text) {
    this.languageNeeds = text;
    return this;
  }

  /** Identity or culture notes. */
  public ChildVoiceBuilder identityNotes(String text) {
    this.identityNotes = text;
    return this;
  }

  /** Whether the outcome was fed back to the child. */
  public ChildVoiceBuilder fedBackToChild(boolean fedBack) {
    this.fedBackToChild = fedBack;
    return this;
  }

  /** Submitted: seals the child's words (later changes only by addendum). Default: draft. */
  public ChildVoiceBuilder submitted() {
    this.status = Status.SUBMITTED;
    return this;
  }

  /** Back to draft (only before it was submitted to the server). */
  public ChildVoiceBuilder draft() {
    this.status = Status.DRAFT;
    return this;
  }

  /** A dated, attributed addition: the only way to change submitted words. */
  public ChildVoiceBuilder addendum(String text, String authorId, Instant at) {
    addenda.add(new Addendum(text, authorId, at));
    return this;
  }

  /** An attachment kept with the SDK's attachments store (its reference). */
  public ChildVoiceBuilder attachment(AttachmentRef ref) {
    if (ref != null) {
      attachments.add(ref);
    }
    return this;
  }

  @Override
  public ChildVoiceObservation unchecked() {
    return new ChildVoiceObservation(childId, date, childWords, workerObservation, method,
        advocatePresent, languageNeeds, identityNotes, fedBackToChild, status, addenda,
        attachments);
  }

  @Override
  protected List<String> namedChildren() {
    return childId == null || childId.isBlank() ? List.of() : List.of(childId);
  }
}
