package org.fieldsync.protocol.oversight;

import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.records.Visit;

/**
 * A case as oversight needs it: its team and locality (for team and locality lists) and its
 * children, each with the kind of work they are under (CP, child in care, family help, …) and
 * since when.
 *
 * <p>Where the status comes from is the caller's business, and swappable: today no case data
 * carries one, so a child's {@code status} is left null and {@link Oversight} takes the kind of
 * the child's latest visit ({@link ChildStatuses}); when the case import brings each child's
 * plan, the caller fills it in here and nothing else changes.
 *
 * @param caseId the case id records name
 * @param teamId the team holding the case; null where it is not known (a tablet without the
 *     caseload)
 * @param locality the case's locality; null where not known
 * @param children the children of the case
 */
public record OversightCase(String caseId, String teamId, String locality,
    List<Child> children) {
  public OversightCase {
    children = children == null ? List.of() : List.copyOf(children);
  }

  /**
   * A child of the case.
   *
   * @param childId the id records name in {@code childIds}
   * @param status the kind of work the child is under; null to take it from their visits
   * @param since when that began; null to take it from their visits
   */
  public record Child(String childId, Visit.Kind status, LocalDate since) {
    /** A child whose status is taken from their visits. */
    public static Child fromVisits(String childId) {
      return new Child(childId, null, null);
    }
  }
}
