package org.fieldsync.server.store;

/**
 * One store transaction, as one small repository per kind of data, all over one session that
 * sees its own writes (a revision queued a moment ago is there for the next read; nobody
 * flushes). SQL lives in the repositories and runs unchanged on SQLite and PostgreSQL; the rules
 * (what is accepted, what conflicts) live in the features.
 */
public interface Tx {
  /** Revisions and each record's current state. */
  RevisionRepo revisions();

  /** The server sequence and the change feed's reads. */
  FeedRepo feed();

  /** Conflicts and their sides. */
  ConflictRepo conflicts();

  /** Enrolled devices, enrolment codes, device reports, checkpoints, quarantine. */
  DeviceRepo devices();

  /** Refresh tokens and logged-out access tokens. */
  CredentialRepo credentials();

  /** The audit trail's rows. */
  AuditRepo audit();

  /** Users, teams, cases, children, allocations, approval limits. */
  DirectoryRepo directory();

  /** Attachments' bytes. */
  AttachmentRepo attachments();

  /** Restrictions of records to named workers. */
  RestrictionRepo restrictions();

  /** Consent to share each case with partner agencies. */
  ConsentRepo consents();

  /** The store's identity, epoch and checkpoint key. */
  MetaRepo meta();

  /** SCIM's view of users and groups, and activation codes. */
  PeopleRepo people();

  /** The case import's item versions and case statuses. */
  ImportRepo imports();

  /** The export outbox. */
  ExportRepo exports();
}
