package org.fieldsync.protocol.wire;

/**
 * A case has left the user's scope: the client purges its records of that case, except local
 * changes it has not pushed yet, which it keeps.
 *
 * @param caseId the case
 * @param reason why, e.g. {@code deallocated}
 */
public record RemovedChange(String caseId, String reason) implements Change {
  /** The case was moved away from the user. */
  public static final String DEALLOCATED = "deallocated";
}
