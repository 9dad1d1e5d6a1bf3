package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A Family Network Support Package request: practical support agreed at an independently
 * facilitated family network meeting or family group conference. The approval fields are set by
 * the server under the scheme of delegation, never by a device.
 *
 * @param meetingId the {@link FamilyMeeting} record this request came from (required)
 * @param goalId the family-plan goal (an id within that meeting's goals) it supports
 * @param description what is requested
 * @param category food, utilities, transport, accommodation or other
 * @param amountPence the amount in pence
 * @param beneficiary the network member who benefits
 * @param deliveringOrganisation who delivers it, often a voluntary group
 * @param status lifecycle: draft, submitted, approved, declined, delivered, reviewed
 * @param decidedBy who approved or declined (server-owned)
 * @param decidedAt when (server-owned)
 * @param decisionNote why (server-owned)
 * @param referredBy the manager who sent it up a level because it is above their delegated limit
 *     (server-owned; the request stays submitted, for a manager whose limit covers it)
 * @param referredAt when (server-owned)
 * @param referralNote their note to the next level (server-owned), may be absent
 */
public record FnspRequest(
    String meetingId,
    String goalId,
    String description,
    Category category,
    Long amountPence,
    String beneficiary,
    String deliveringOrganisation,
    Status status,
    String decidedBy,
    Instant decidedAt,
    String decisionNote,
    String referredBy,
    Instant referredAt,
    String referralNote)
    implements RecordBody {

  /** A request that has not been sent up a level. */
  public FnspRequest(String meetingId, String goalId, String description, Category category,
      Long amountPence, String beneficiary, String deliveringOrganisation, Status status,
      String decidedBy, Instant decidedAt, String decisionNote) {
    this(meetingId, goalId, description, category, amountPence, beneficiary,
        deliveringOrganisation, status, decidedBy, decidedAt, decisionNote, null, null, null);
  }

  /** What kind of support. */
  public enum Category {
    @JsonProperty("food") FOOD,
    @JsonProperty("utilities") UTILITIES,
    @JsonProperty("transport") TRANSPORT,
    @JsonProperty("accommodation") ACCOMMODATION,
    @JsonProperty("other") OTHER,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }

  /** The request's lifecycle. A device may only set draft or submitted. */
  public enum Status {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("submitted") SUBMITTED,
    @JsonProperty("approved") APPROVED,
    @JsonProperty("declined") DECLINED,
    @JsonProperty("delivered") DELIVERED,
    @JsonProperty("reviewed") REVIEWED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
