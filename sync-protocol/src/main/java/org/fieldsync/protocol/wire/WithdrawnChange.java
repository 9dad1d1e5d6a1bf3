package org.fieldsync.protocol.wire;

/**
 * One record is no longer the user's to see (it was restricted to named workers): the client
 * purges it, except a local change it has not pushed yet, which it keeps.
 *
 * @param seq server sequence of the change
 * @param recordId the record
 * @param reason why, e.g. {@code restricted}
 */
public record WithdrawnChange(long seq, String recordId, String reason) implements Change {
  public static final String RESTRICTED = "restricted";
}
