package org.fieldsync.server.store;

import java.util.List;

/**
 * The server's storage, as transactions over {@link Tx}. Implementations: {@link SqliteStore}
 * (the embedded default) and {@link PostgresStore} (production, shared by several nodes), with
 * the same SQL and migrations; {@link StoreSettings#open()} opens the configured one.
 *
 * <p>Every method blocks: call it from a worker, never from an event loop. {@link #write}
 * transactions are serialised (on PostgreSQL across every node), so a push batch commits in one
 * transaction and commit order is sequence order; {@link #read} sees one consistent snapshot and
 * runs concurrently with writes.
 */
public interface Store extends AutoCloseable {

  /** Runs {@code work} in one write transaction; commits if it returns, rolls back if it throws. */
  <T> T write(TxWork<T> work);

  /** Runs {@code work} on a read connection (a consistent snapshot for its duration). */
  <T> T read(TxWork<T> work);

  /** "sqlite" or "postgresql", for health and logs. */
  String kind();

  /**
   * What is wrong with the store's own files, by the database's own full check (for
   * {@code verify-store}); empty when sound. Blocking and O(size). A store whose database has no
   * such check of its own answers empty: on PostgreSQL the DBA runs {@code pg_amcheck}, and
   * {@code verify-store} still checks every revision, attachment and the audit chain.
   */
  default List<String> integrityProblems() {
    return List.of();
  }

  /**
   * Whether the store answers and its schema is at least the version this node migrated to at
   * start (a restore of an older database under a running node is not ready). Throws when the
   * store cannot be reached.
   */
  boolean ready();

  /**
   * Installs the hook told, inside each write transaction, whenever a revision becomes current
   * (the export outbox, decision 0033); replaces any earlier one.
   */
  void onCurrent(CurrentHook hook);

  /** Messages to every node on this store (one node, on SQLite). */
  Notifications notifications();

  @Override
  void close();

  /** Work inside a transaction. */
  @FunctionalInterface
  interface TxWork<T> {
    T run(Tx tx) throws Exception;
  }
}
