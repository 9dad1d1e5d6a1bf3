package org.fieldsync.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@link Tx} over one JDBC connection: every repository shares one {@link Session}, so each sees
 * what the others wrote in this transaction. The store commits after {@link #flush()}.
 */
final class JdbcTx implements Tx, AutoCloseable {
  private final Session session;
  private final RevisionRepo revisions;
  private final FeedRepo feed;
  private final ConflictRepo conflicts;
  private final DeviceRepo devices;
  private final CredentialRepo credentials;
  private final AuditRepo audit;
  private final DirectoryRepo directory;
  private final AttachmentRepo attachments;
  private final RestrictionRepo restrictions;
  private final ConsentRepo consents;
  private final MetaRepo meta;

  private final PeopleRepo people;
  private final ImportRepo imports;
  private final ExportRepo exports;

  /** A read transaction: nothing becomes current in it. */
  JdbcTx(Connection c) {
    this(c, CurrentHook.NONE);
  }

  /** A transaction whose revisions that become current are told to {@code hook}. */
  JdbcTx(Connection c, CurrentHook hook) {
    this.session = new Session(c);
    this.revisions = new RevisionRepo(session, this, hook);
    this.feed = new FeedRepo(session);
    this.conflicts = new ConflictRepo(session);
    this.devices = new DeviceRepo(session);
    this.credentials = new CredentialRepo(session);
    this.audit = new AuditRepo(session);
    this.directory = new DirectoryRepo(session);
    this.attachments = new AttachmentRepo(session);
    this.restrictions = new RestrictionRepo(session);
    this.consents = new ConsentRepo(session);
    this.meta = new MetaRepo(session);
    this.people = new PeopleRepo(session);
    this.imports = new ImportRepo(session);
    this.exports = new ExportRepo(session);
  }

  @Override
  public PeopleRepo people() {
    return people;
  }

  @Override
  public ImportRepo imports() {
    return imports;
  }

  @Override
  public ExportRepo exports() {
    return exports;
  }

  @Override
  public RevisionRepo revisions() {
    return revisions;
  }

  @Override
  public FeedRepo feed() {
    return feed;
  }

  @Override
  public ConflictRepo conflicts() {
    return conflicts;
  }

  @Override
  public DeviceRepo devices() {
    return devices;
  }

  @Override
  public CredentialRepo credentials() {
    return credentials;
  }

  @Override
  public AuditRepo audit() {
    return audit;
  }

  @Override
  public DirectoryRepo directory() {
    return directory;
  }

  @Override
  public AttachmentRepo attachments() {
    return attachments;
  }

  @Override
  public RestrictionRepo restrictions() {
    return restrictions;
  }

  @Override
  public ConsentRepo consents() {
    return consents;
  }

  @Override
  public MetaRepo meta() {
    return meta;
  }

  /** Writes anything still queued; the store calls it before commit. */
  void flush() throws SQLException {
    session.flush();
  }

  @Override
  public void close() {
    session.close();
  }
}
