package org.fieldsync.protocol;

import java.util.Arrays;
import java.util.Optional;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * The record types a tablet can create offline, with their stable wire names.
 *
 * <p>The wire name is what travels in {@link Revision#type()}; it never changes once published.
 * An older peer that meets a type it does not know gets {@link Optional#empty()} from {@link
 * #fromWire(String)} and must treat the record as opaque rather than fail.
 */
public enum RecordType {
  VISIT("visit", Visit.class, true),
  CHILD_VOICE_OBSERVATION("child_voice_observation", ChildVoiceObservation.class, true),
  FNSP_REQUEST("fnsp_request", FnspRequest.class, true),
  SUPERVISION_NOTE("supervision_note", SupervisionNote.class, true),
  /** Feedback may be anonymous: no case, only a locality. */
  FAMILY_FEEDBACK("family_feedback", FamilyFeedback.class, false),
  FAMILY_MEETING("family_meeting", FamilyMeeting.class, true);

  private final String wireName;
  private final Class<? extends RecordBody> bodyClass;
  private final boolean caseRequired;

  RecordType(String wireName, Class<? extends RecordBody> bodyClass, boolean caseRequired) {
    this.wireName = wireName;
    this.bodyClass = bodyClass;
    this.caseRequired = caseRequired;
  }

  public String wireName() {
    return wireName;
  }

  public Class<? extends RecordBody> bodyClass() {
    return bodyClass;
  }

  /** Whether a record of this type must name a case. */
  public boolean caseRequired() {
    return caseRequired;
  }

  public static Optional<RecordType> fromWire(String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  public static RecordType of(Class<? extends RecordBody> bodyClass) {
    return Arrays.stream(values())
        .filter(t -> t.bodyClass.equals(bodyClass))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a record body: " + bodyClass));
  }
}
