package org.fieldsync.protocol.records.builders;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyFeedback.Answer;
import org.fieldsync.protocol.records.FamilyFeedback.Channel;
import org.fieldsync.protocol.records.FamilyFeedback.GivenBy;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds {@link FamilyFeedback}: each of Dorset's five questions is its own step. Feedback is
 * about a case unless {@link #anonymousIn} says it is anonymous (then it is saved without one).
 */
public final class FamilyFeedbackBuilder extends BodyBuilder<FamilyFeedback> {
  private LocalDate date;
  private GivenBy givenBy;
  private Channel channel;
  private Answer ableToTalk;
  private Answer involvedInDecisions;
  private Answer contactAmountRight;
  private Answer didWhatWeSaid;
  private String differenceMade;
  private String freeText;
  private Boolean consentToShare;
  private Boolean anonymous = false;
  private String locality;

  public FamilyFeedbackBuilder(
      Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static FamilyFeedbackBuilder create() {
    return new FamilyFeedbackBuilder(InvalidBodyException::new);
  }

  /** Starts from existing feedback, to change some of it. */
  public FamilyFeedbackBuilder from(FamilyFeedback f) {
    date = f.date();
    givenBy = f.givenBy();
    channel = f.channel();
    ableToTalk = f.ableToTalk();
    involvedInDecisions = f.involvedInDecisions();
    contactAmountRight = f.contactAmountRight();
    didWhatWeSaid = f.didWhatWeSaid();
    differenceMade = f.differenceMade();
    freeText = f.freeText();
    consentToShare = f.consentToShare();
    anonymous = f.anonymous();
    locality = f.locality();
    return this;
  }

  /** When it was given. Required. */
  public FamilyFeedbackBuilder date(LocalDate d) {
    this.date = d;
    return this;
  }

  /** Who gave it. Required. */
  public FamilyFeedbackBuilder givenBy(GivenBy who) {
    this.givenBy = who;
    return this;
  }

  /** How it was collected. Required. */
  public FamilyFeedbackBuilder channel(Channel c) {
    this.channel = c;
    return this;
  }

  /** "Do you feel able to talk?" */
  public FamilyFeedbackBuilder ableToTalk(Answer a) {
    this.ableToTalk = a;
    return this;
  }

  /** "Were you involved in decisions?" */
  public FamilyFeedbackBuilder involvedInDecisions(Answer a) {
    this.involvedInDecisions = a;
    return this;
  }

  /** "Was the amount of contact right?" */
  public FamilyFeedbackBuilder contactAmountRight(Answer a) {
    this.contactAmountRight = a;
    return this;
  }

  /** "Did we do what we said we would do?" */
  public FamilyFeedbackBuilder didWhatWeSaid(Answer a) {
    this.didWhatWeSaid = a;
    return this;
  }

  /** "What difference has the support/service made?", in their words. */
  public FamilyFeedbackBuilder differenceMade(String text) {
    this.differenceMade = text;
    return this;
  }

  /** Anything else they said. */
  public FamilyFeedbackBuilder freeText(String text) {
    this.freeText = text;
    return this;
  }

  /** Whether they consent to the feedback being shared. Required. */
  public FamilyFeedbackBuilder consentToShare(boolean consent) {
    this.consentToShare = consent;
    return this;
  }

  /** Anonymous feedback from a locality: saved with no case. */
  public FamilyFeedbackBuilder anonymousIn(String localityName) {
    this.anonymous = true;
    this.locality = localityName;
    return this;
  }

  @Override
  public FamilyFeedback unchecked() {
    return new FamilyFeedback(date, givenBy, channel, ableToTalk, involvedInDecisions,
        contactAmountRight, didWhatWeSaid, differenceMade, freeText, consentToShare, anonymous,
        locality);
  }

  @Override
  protected boolean caseless() {
    return Boolean.TRUE.equals(anonymous);
  }
}
