package org.fieldsync.client.internal.store;

/**
 * Removes a record's outbox entry only if it still holds {@code rev}: an edit saved while a push
 * was in flight has another rev and must survive.
 *
 * @param recordId the record
 * @param rev the rev that was pushed
 */
public record OutboxRemoval(String recordId, String rev) {}
