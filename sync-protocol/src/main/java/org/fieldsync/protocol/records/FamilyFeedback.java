package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * Feedback from a child or family, collected by an engagement officer, on the five domains Dorset
 * reports on. It may be anonymous: then the envelope has no case and the body names a locality.
 *
 * @param date when it was given
 * @param givenBy who gave it
 * @param channel how it was collected
 * @param ableToTalk "Do you feel able to talk?"
 * @param involvedInDecisions "Were you involved in decisions?"
 * @param contactAmountRight "Was the amount of contact right?"
 * @param didWhatWeSaid "Did we do what we said we would do?"
 * @param differenceMade "What difference has the support/service made?" in their words
 * @param freeText anything else they said
 * @param consentToShare whether they consent to the feedback being shared
 * @param anonymous no case link
 * @param locality the locality, required when anonymous
 */
public record FamilyFeedback(
    LocalDate date,
    GivenBy givenBy,
    Channel channel,
    Answer ableToTalk,
    Answer involvedInDecisions,
    Answer contactAmountRight,
    Answer didWhatWeSaid,
    String differenceMade,
    String freeText,
    Boolean consentToShare,
    Boolean anonymous,
    String locality)
    implements RecordBody {

  /** Who gave the feedback. */
  public enum GivenBy {
    @JsonProperty("child") CHILD,
    @JsonProperty("young_person") YOUNG_PERSON,
    @JsonProperty("parent_carer") PARENT_CARER,
    @JsonProperty("family_member") FAMILY_MEMBER,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }

  /** How it was collected. */
  public enum Channel {
    @JsonProperty("visit") VISIT,
    @JsonProperty("phone") PHONE,
    @JsonProperty("sms") SMS,
    @JsonProperty("event") EVENT,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }

  /** An answer to one of the four closed questions. */
  public enum Answer {
    @JsonProperty("yes") YES,
    @JsonProperty("partly") PARTLY,
    @JsonProperty("no") NO,
    @JsonProperty("not_answered") NOT_ANSWERED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
