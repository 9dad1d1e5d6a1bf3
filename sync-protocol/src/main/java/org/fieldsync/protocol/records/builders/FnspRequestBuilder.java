package org.fieldsync.protocol.records.builders;

import java.util.List;
import java.util.function.Function;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.FnspRequest.Category;
import org.fieldsync.protocol.records.FnspRequest.Status;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds an {@link FnspRequest}. Only what a device may set has a step: the decision fields are
 * the server's (kept unchanged by {@link #from}).
 */
public final class FnspRequestBuilder extends BodyBuilder<FnspRequest> {
  private String meetingId;
  private String goalId;
  private String description;
  private Category category;
  private Long amountPence;
  private String beneficiary;
  private String deliveringOrganisation;
  private Status status = Status.DRAFT;
  private FnspRequest decided;

  public FnspRequestBuilder(Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static FnspRequestBuilder create() {
    return new FnspRequestBuilder(InvalidBodyException::new);
  }

  /** Starts from an existing request; its decision (the server's) is kept as it is. */
  public FnspRequestBuilder from(FnspRequest f) {
    meetingId = f.meetingId();
    goalId = f.goalId();
    description = f.description();
    category = f.category();
    amountPence = f.amountPence();
    beneficiary = f.beneficiary();
    deliveringOrganisation = f.deliveringOrganisation();
    status = f.status();
    decided = f;
    return this;
  }

  /** The family meeting record it came from. Required. */
  public FnspRequestBuilder meetingId(String id) {
    this.meetingId = id;
    return this;
  }

  /** The family-plan goal (an id within that meeting's goals) it supports. */
  public FnspRequestBuilder goalId(String id) {
    this.goalId = id;
    return this;
  }

  /** What is requested. Required. */
  public FnspRequestBuilder description(String text) {
    this.description = text;
    return this;
  }

  /** What kind of support. Required. */
  public FnspRequestBuilder category(Category c) {
    this.category = c;
    return this;
  }

  /** The amount in pence (£45 is 4500). Required, 1 to 2,500,000. */
  public FnspRequestBuilder amountPence(long pence) {
    this.amountPence = pence;
    return this;
  }

  /** The network member who benefits. Required. */
  public FnspRequestBuilder beneficiary(String who) {
    this.beneficiary = who;
    return this;
  }

  /** Who delivers it, often a voluntary group. */
  public FnspRequestBuilder deliveringOrganisation(String who) {
    this.deliveringOrganisation = who;
    return this;
  }

  /** Submitted for a decision. Default: draft. */
  public FnspRequestBuilder submitted() {
    this.status = Status.SUBMITTED;
    return this;
  }

  @Override
  public FnspRequest unchecked() {
    return new FnspRequest(meetingId, goalId, description, category, amountPence, beneficiary,
        deliveringOrganisation, status, decided == null ? null : decided.decidedBy(),
        decided == null ? null : decided.decidedAt(),
        decided == null ? null : decided.decisionNote());
  }
}
