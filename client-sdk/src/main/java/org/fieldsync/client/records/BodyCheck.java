package org.fieldsync.client.records;

import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/** Checks a body read from elsewhere (JSON) as its builder would. */
final class BodyCheck {
  private BodyCheck() {}

  @SuppressWarnings("unchecked")
  static <B extends RecordBody> B checked(B body) {
    Object built;
    if (body instanceof Visit v) {
      built = RecordBodies.visit().from(v).build();
    } else if (body instanceof ChildVoiceObservation c) {
      built = RecordBodies.childVoice().from(c).build();
    } else if (body instanceof FnspRequest f) {
      built = RecordBodies.fnspRequest().from(f).build();
    } else if (body instanceof SupervisionNote s) {
      built = RecordBodies.supervisionNote().from(s).build();
    } else if (body instanceof FamilyFeedback f) {
      built = RecordBodies.familyFeedback().from(f).build();
    } else {
      built = RecordBodies.familyMeeting().from((FamilyMeeting) body).build();
    }
    return (B) built;
  }
}
