package org.fieldsync.server.store;

/**
 * A case entering or leaving a user's scope, in the server sequence.
 *
 * @param seq sequence
 * @param caseId case
 * @param kind {@code allocated}, {@code deallocated} or {@code consent} (the case's consent for
 *     a partner's agency changed)
 */
public record ScopeEvent(long seq, String caseId, String kind) {
  public static final String ALLOCATED = "allocated";
  public static final String DEALLOCATED = "deallocated";
  public static final String CONSENT = "consent";
}
