package org.fieldsync.protocol.wire;

import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * A record's current state: its winning revision, and whether it is under review.
 *
 * @param seq server sequence of the change
 * @param revision the current winning revision
 * @param status {@value #CURRENT} or {@value #CONFLICTED} (under review by a sync admin)
 * @param origin how the current revision came about: absent for a device's edit, {@value
 *     #ORIGIN_MERGE} when the server merged concurrent edits, {@value #ORIGIN_RESOLUTION} when a
 *     sync admin resolved a conflict
 * @param note for a resolution, the sync admin's reason
 * @param reviewFields for a conflicted record, the fields a sync admin is deciding (may be absent)
 * @param authorAgency the agency of the current revision's writer (for example "Dorset Police"),
 *     stamped by the server when the revision was stored; absent for a server-made revision
 */
public record RecordChange(long seq, Revision revision, String status, String origin, String note,
    List<String> reviewFields, String authorAgency) implements Change {
  public static final String CURRENT = "current";
  public static final String CONFLICTED = "conflicted";
  public static final String ORIGIN_MERGE = "merge";
  public static final String ORIGIN_RESOLUTION = "resolution";

  /** A change from a device's edit. */
  public RecordChange(long seq, Revision revision, String status) {
    this(seq, revision, status, null, null, null, null);
  }

  /** A change whose writer's agency is not known. */
  public RecordChange(long seq, Revision revision, String status, String origin, String note,
      List<String> reviewFields) {
    this(seq, revision, status, origin, note, reviewFields, null);
  }

  public RecordChange {
    reviewFields = reviewFields == null || reviewFields.isEmpty() ? null
        : List.copyOf(reviewFields);
  }

  /** The origin for a stored outcome: merge and resolution are named, anything else is not. */
  public static String originOf(String storedOutcome) {
    return ORIGIN_MERGE.equals(storedOutcome) || ORIGIN_RESOLUTION.equals(storedOutcome)
        ? storedOutcome : null;
  }

  public boolean conflicted() {
    return CONFLICTED.equals(status);
  }
}
