package org.fieldsync.protocol.merge;

import java.util.Comparator;
import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * One concurrent side of a merge: a revision's content and the metadata that orders it.
 *
 * @param rev the side's rev; ties on HLC are broken by it, so order never depends on arguments
 * @param hlc the side's hybrid logical clock timestamp (sortable text)
 * @param caseId the envelope's case
 * @param childIds the envelope's children
 * @param deleted tombstone flag
 * @param body canonical JSON text of the body
 */
public record MergeSide(
    String rev, String hlc, String caseId, List<String> childIds, boolean deleted, String body) {

  /** The order in which sides' additions are kept: HLC, then rev. */
  public static final Comparator<MergeSide> ORDER =
      Comparator.comparing((MergeSide s) -> s.hlc == null ? "" : s.hlc)
          .thenComparing(s -> s.rev == null ? "" : s.rev);

  public MergeSide {
    childIds = childIds == null ? List.of() : List.copyOf(childIds);
  }

  /** The side a stored revision represents. */
  public static MergeSide of(Revision r) {
    return new MergeSide(r.rev(), r.hlc(), r.caseId(), r.childIds(), r.deleted(), r.body());
  }
}
