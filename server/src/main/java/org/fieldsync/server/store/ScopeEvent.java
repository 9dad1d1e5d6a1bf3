package org.fieldsync.server.store;

/**
 * A case entering or leaving a user's scope, in the server sequence.
 *
 * @param seq sequence
 * @param caseId case
 * @param kind {@code allocated} or {@code deallocated}
 */
public record ScopeEvent(long seq, String caseId, String kind) {}
