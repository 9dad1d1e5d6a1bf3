package org.fieldsync.server.store;

/**
 * A stored row whose content no longer hashes to the digest it is kept under: a revision's body
 * that does not give its {@code rev}, or an attachment's bytes that do not give their SHA-256.
 * The store throws it from the one place each kind of row is read, so no path (feed, timeline,
 * history, conflict, merge, download) can serve such a row as good; the HTTP layer answers it
 * with a problem and logs it as an error. Its message names the row, never its content.
 */
public final class CorruptStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptStoreException(String message) {
    super(message);
  }

  static CorruptStoreException revision(String recordId, String rev) {
    return new CorruptStoreException("stored revision " + rev + " of record " + recordId
        + " does not hash to its rev: its content was changed or damaged after it was stored");
  }

  static CorruptStoreException attachment(String caseId, String sha256) {
    return new CorruptStoreException("stored attachment " + sha256 + " of case " + caseId
        + " does not hash to its SHA-256: its bytes were changed or damaged after upload");
  }
}
