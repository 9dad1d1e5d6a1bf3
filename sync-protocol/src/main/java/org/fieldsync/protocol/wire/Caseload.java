package org.fieldsync.protocol.wire;

import java.util.List;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * Answer to {@code GET /api/v1/caseload}: the cases the signed-in user holds, with their children
 * and who else is allocated, so a client can offer the right case and children when a worker
 * records offline. A client keeps the last answer and refreshes it on every sync.
 *
 * @param cases the user's cases (a worker's allocated cases; a manager's team's cases)
 */
public record Caseload(List<Case> cases) {
  public Caseload {
    cases = cases == null ? List.of() : List.copyOf(cases);
  }

  /**
   * A short tag of this caseload's content (the first 32 hex digits of SHA-256 of its JSON), so
   * a pull can say "unchanged" without sending it: a client sends the tag of the one it keeps.
   */
  public String tag() {
    return Digests.sha256Hex(ProtocolCodec.encode(this)).substring(0, 32);
  }

  /**
   * One case.
   *
   * @param caseId the case id
   * @param label the family's pseudonymous label, e.g. "Family DW-1"
   * @param locality its locality
   * @param teamId the team that holds it
   * @param children the children of the case
   * @param allocated the workers it is allocated to (the user among them, for a worker)
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
   * @param childId the child id records name in {@code childIds}
   * @param initials the child's initials, never a full name
   */
  public record Child(String childId, String initials) {}

  /**
   * A worker allocated to a case.
   *
   * @param userId their user id
   * @param displayName their name
   */
  public record Worker(String userId, String displayName) {}
}
