package org.fieldsync.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cases the signed-in worker holds, as the server last said, so a worker recording offline can
 * pick the right case and children: each case with its children (ids and initials, never full
 * names), locality, team and the workers it is allocated to. A worker holds their allocated cases;
 * a team manager their team's. Kept on the device (encrypted, like the records) and refreshed on
 * every sync pass, so a case allocated or moved away shows after the next sync.
 *
 * @param cases the cases, in case-id order; empty before the first sync
 * @param refreshedAt when the server last sent it, or null if it never has
 */
public record Caseload(List<Case> cases, Instant refreshedAt) {
  public Caseload {
    cases = cases == null ? List.of() : List.copyOf(cases);
  }

  /** The case with this id, if the worker holds it. */
  public Optional<Case> find(String caseId) {
    return cases.stream().filter(c -> c.caseId().equals(caseId)).findFirst();
  }

  /**
   * One case (a family).
   *
   * @param caseId the id records name in {@code caseId}
   * @param label the family's pseudonymous label, e.g. "Family DW-1"
   * @param locality its locality
   * @param teamId the team that holds it
   * @param children its children
   * @param allocated the workers it is allocated to
   */
  public record Case(String caseId, String label, String locality, String teamId,
      List<Child> children, List<Worker> allocated) {
    public Case {
      children = children == null ? List.of() : List.copyOf(children);
      allocated = allocated == null ? List.of() : List.copyOf(allocated);
    }
  }

  /**
   * A child of a case.
   *
   * @param childId the id records name in {@code childIds}
   * @param initials the child's initials
   */
  public record Child(String childId, String initials) {}

  /**
   * A worker a case is allocated to.
   *
   * @param userId their user id
   * @param displayName their name
   */
  public record Worker(String userId, String displayName) {}
}
