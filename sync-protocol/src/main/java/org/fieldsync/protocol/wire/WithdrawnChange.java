package org.fieldsync.protocol.wire;

/**
 * One record is no longer the user's to see (it was restricted to named workers, or the case's
 * consent no longer shares it with a partner's agency): the client purges it, except a local
 * change it has not pushed yet, which it keeps.
 *
 * @param seq server sequence of the change
 * @param recordId the record
 * @param reason why: {@value #RESTRICTED} or {@value #CONSENT}; a client treats any other
 *     reason the same way
 */
public record WithdrawnChange(long seq, String recordId, String reason) implements Change {
  public static final String RESTRICTED = "restricted";
  /** Consent to share the case with the partner's agency was withdrawn or narrowed. */
  public static final String CONSENT = "consent";
}
