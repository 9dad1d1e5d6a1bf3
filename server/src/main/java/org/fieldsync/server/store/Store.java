package org.fieldsync.server.store;

import java.util.List;

/**
 * The server's storage, as transactions over {@link Tx}. Implementations: {@link SqliteStore}
 * (the embedded default); PostgreSQL comes next behind the same interface and the same SQL.
 *
 * <p>Every method blocks: call it from a worker, never from an event loop. {@link #write} runs on
 * the single writer connection, so writes are serialised and a push batch commits in one
 * transaction; {@link #read} may run concurrently with writes.
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
   * {@code verify-store}); empty when sound. Blocking and O(size).
   */
  List<String> integrityProblems();

  @Override
  void close();

  /** Work inside a transaction. */
  @FunctionalInterface
  interface TxWork<T> {
    T run(Tx tx) throws Exception;
  }
}
