package org.fieldsync.examples.tablet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.Records;

/** Every record on the tablet, of every type, oldest change first. Offline. */
final class AllRecords {
  private AllRecords() {}

  static List<LocalRecord<?>> of(FieldSync fs, String caseId) {
    List<LocalRecord<?>> all = new ArrayList<>();
    for (Records<?> r : List.of(fs.visits(), fs.childVoice(), fs.fnspRequests(),
        fs.supervisionNotes(), fs.familyFeedback(), fs.familyMeetings())) {
      all.addAll(caseId == null ? r.all() : r.byCase(caseId));
    }
    all.sort(Comparator.comparing(LocalRecord::updatedAt));
    return all;
  }

  static String line(LocalRecord<?> r) {
    return r.type().wireName() + " " + r.id() + " case " + r.caseId() + " children "
        + r.childIds() + ": " + r.state() + (r.unpushed() ? " (not yet on the server)" : "");
  }
}
