package org.fieldsync.server.store;

import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * A record's current revision with its feed position and status.
 *
 * @param seq sequence of the record's last change
 * @param revision the current revision
 * @param status {@code current} or {@code conflicted}
 * @param outcome how the current revision was stored: accepted, merge or resolution
 * @param note for a resolution, the sync admin's reason
 * @param reviewFields for a conflicted record, the fields under review
 * @param withheld the record is restricted to named workers and the viewer is not one
 * @param authorAgency the agency of the current revision's writer, when known
 */
public record FeedRow(long seq, Revision revision, String status, String outcome, String note,
    List<String> reviewFields, boolean withheld, String authorAgency) {}
