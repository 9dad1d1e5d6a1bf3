package org.fieldsync.protocol.records;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The child's wishes, feelings and lived experience. The child's own words are kept verbatim and
 * apart from what the worker observed; once submitted they change only by addendum.
 *
 * @param childId the child whose voice this is; must be in the envelope's childIds
 * @param date when the observation was made
 * @param childWords the child's own words, verbatim
 * @param workerObservation what the worker observed: non-verbal, play, behaviour
 * @param method the method or tool used
 * @param advocatePresent whether an advocate was present
 * @param languageNeeds language and communication needs
 * @param identityNotes identity or culture notes
 * @param fedBackToChild whether the outcome was fed back to the child
 * @param status draft on the tablet, or submitted
 * @param addenda later additions; the only way to change submitted words
 * @param attachments references to attachments (photo of a drawing, audio clip)
 */
public record ChildVoiceObservation(
    String childId,
    LocalDate date,
    String childWords,
    String workerObservation,
    Method method,
    Boolean advocatePresent,
    String languageNeeds,
    String identityNotes,
    Boolean fedBackToChild,
    Status status,
    List<Addendum> addenda,
    List<AttachmentRef> attachments)
    implements RecordBody {

  public ChildVoiceObservation {
    addenda = addenda == null ? List.of() : List.copyOf(addenda);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A dated, attributed addition to a submitted observation. */
  public record Addendum(String text, String authorId, Instant at) {}

  /** An attachment stored beside the record; the body carries only its reference and digest. */
  public record AttachmentRef(String id, String mediaType, String description, String sha256) {}

  /** The method or tool used to hear the child. */
  public enum Method {
    @JsonProperty("conversation") CONVERSATION,
    @JsonProperty("drawing") DRAWING,
    @JsonProperty("three_houses") THREE_HOUSES,
    @JsonProperty("words_and_pictures") WORDS_AND_PICTURES,
    @JsonProperty("other") OTHER,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }

  /** Draft while the worker writes; submitted seals the child's words. */
  public enum Status {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("submitted") SUBMITTED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
  }
}
