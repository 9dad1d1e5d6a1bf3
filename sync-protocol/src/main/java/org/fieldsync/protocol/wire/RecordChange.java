package org.fieldsync.protocol.wire;

import org.fieldsync.protocol.Revision;

/**
 * A record's current state: its winning revision, and whether it is under review.
 *
 * @param seq server sequence of the change
 * @param revision the current winning revision
 * @param status {@value #CURRENT} or {@value #CONFLICTED} (under review by a sync admin)
 */
public record RecordChange(long seq, Revision revision, String status) implements Change {
  public static final String CURRENT = "current";
  public static final String CONFLICTED = "conflicted";

  public boolean conflicted() {
    return CONFLICTED.equals(status);
  }
}
