package org.fieldsync.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production store: PostgreSQL through a HikariCP pool, migrated by Flyway with the same
 * migrations as SQLite, shared by every server node.
 *
 * <p>Writes are serialised across all nodes by one transaction-scoped advisory lock, taken as a
 * write transaction's first statement and released by its commit (decision 0030). Commit order
 * is then sequence order, so the change feed can never skip a change that committed late with a
 * lower number, the audit chain stays one line, and every read-then-write in the repositories is
 * as safe as on SQLite's single writer. Write transactions run at READ COMMITTED so that each
 * statement after the lock sees everything the previous holder committed (a REPEATABLE READ
 * snapshot would be taken while still waiting for the lock). Reads are read-only REPEATABLE READ
 * transactions: one consistent snapshot, never blocked by writers.
 */
public final class PostgresStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
  /** The advisory lock key every node's writer takes: "FSYN" as a number. */
  static final long WRITER_LOCK = 0x4653594EL;

  /** Connections for writes (and notifications): few, since one writes at a time. */
  private static final int WRITERS = 4;
  private HikariDataSource pool;
  private HikariDataSource readers;
  /** One writer per node waits for the shared lock; the others wait here without a connection. */
  private final ReentrantLock localWriter = new ReentrantLock(true);
  private PgNotifications notifications;
  private volatile CurrentHook currentHook = CurrentHook.NONE;
  /** The schema version this node migrated to (or found) at start. */
  private String schema;

  public PostgresStore(StoreSettings s) {
    if (s.jdbcUrl() == null || !s.jdbcUrl().startsWith("jdbc:postgresql:")) {
      throw new StoreException("store=postgresql needs jdbcUrl (jdbc:postgresql://host:5432/db)",
          null);
    }
    DriverLogging.cap();
    try {
      // Two pools, each set up once per connection rather than per transaction: writers at
      // READ COMMITTED (one writes at a time; the others publish notifications), readers
      // read-only at REPEATABLE READ.
      this.pool = pool(s, "fieldsync-pg-write", WRITERS, "TRANSACTION_READ_COMMITTED", false);
      this.readers = pool(s, "fieldsync-pg-read", Math.max(2, s.poolSize()),
          "TRANSACTION_REPEATABLE_READ", true);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw new StoreException("cannot reach PostgreSQL at " + s.safeUrl() + ": "
          + rootMessage(e), e);
    }
    try {
      this.schema = Schema.migrate(Flyway.configure().dataSource(pool));
    } catch (RuntimeException e) {
      close();
      throw new StoreException("cannot migrate the PostgreSQL store: " + rootMessage(e), e);
    }
    this.notifications = new PgNotifications(pool, s);
    LOG.info("postgresql store open at {}", s.safeUrl());
  }

  private static HikariDataSource pool(StoreSettings s, String name, int size, String isolation,
      boolean readOnly) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(name);
    c.setJdbcUrl(s.jdbcUrl());
    c.setUsername(s.user());
    c.setPassword(s.password());
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(Math.min(2, size));
    c.setAutoCommit(false);
    c.setTransactionIsolation(isolation);
    c.setReadOnly(readOnly);
    c.setConnectionTimeout(10_000);
    // A dead network must not hold the writer lock for ever: keepalives let the server notice.
    c.addDataSourceProperty("tcpKeepAlive", "true");
    c.addDataSourceProperty("ApplicationName", "fieldsync");
    return new HikariDataSource(c);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Override
  public <T> T write(TxWork<T> work) {
    localWriter.lock();
    try (Connection c = pool.getConnection()) {
      try (JdbcTx tx = new JdbcTx(c, currentHook)) {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT pg_advisory_xact_lock(" + WRITER_LOCK + ")");
        }
        T result = work.run(tx);
        tx.flush();
        c.commit();
        return result;
      } catch (RuntimeException e) {
        rollback(c); // a rule refused the work (or a bug): nothing of it is kept
        throw e;
      } catch (Exception e) {
        rollback(c);
        throw new StoreException("write failed", e);
      }
    } catch (SQLException e) {
      throw new StoreException("no PostgreSQL connection for a write", e, true);
    } finally {
      localWriter.unlock();
    }
  }

  @Override
  public <T> T read(TxWork<T> work) {
    try (Connection c = readers.getConnection()) {
      try (JdbcTx tx = new JdbcTx(c)) {
        return work.run(tx);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new StoreException("read failed", e);
      } finally {
        rollback(c);
      }
    } catch (SQLException e) {
      throw new StoreException("no PostgreSQL connection for a read", e, true);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback failed: {}", e.getMessage());
    }
  }

  @Override
  public boolean ready() {
    return read(tx -> Schema.atLeast(tx.meta().schemaVersion(), schema));
  }

  @Override
  public void onCurrent(CurrentHook hook) {
    currentHook = hook == null ? CurrentHook.NONE : hook;
  }

  @Override
  public Notifications notifications() {
    return notifications;
  }

  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public void close() {
    if (notifications != null) {
      notifications.close();
    }
    pool.close();
    readers.close();
  }
}
