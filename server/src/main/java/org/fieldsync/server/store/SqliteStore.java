package org.fieldsync.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: SQLite in a data folder, so the server runs with nothing installed.
 *
 * <p>WAL mode lets reads run beside the single writer. {@code synchronous=FULL} makes every commit
 * durable before the push is acknowledged, so a crash (or power loss) loses nothing the server has
 * answered; with one transaction per push batch that costs one fsync per batch, not per record.
 */
public final class SqliteStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
  private static final int READERS = 4;

  private final Connection writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final Path file;

  public SqliteStore(Path dataDir) {
    try {
      DataFolder.secure(dataDir);
      this.file = dataDir.resolve("fieldsync.db");
      // Owner-only before SQLite first opens it: SQLite makes the -wal and -shm files with the
      // database file's mode, so they are owner-only too, whatever the umask.
      DataFolder.ownerOnlyFile(file);
      for (String suffix : new String[] {"-wal", "-shm"}) {
        DataFolder.ownerOnlyIfPresent(dataDir.resolve(file.getFileName() + suffix));
      }
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      migrate(url);
      this.writer = open(url);
      writer.setAutoCommit(false);
      for (int i = 0; i < READERS; i++) {
        Connection r = open(url);
        try (Statement st = r.createStatement()) {
          st.execute("PRAGMA query_only=1"); // readers can never write by mistake
        }
        readers.add(r);
      }
    } catch (Exception e) {
      throw new StoreException("cannot open the SQLite store in " + dataDir, e);
    }
    LOG.info("sqlite store open at {}", file);
  }

  private static void migrate(String url) {
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private static Connection open(String url) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA foreign_keys=ON");
    }
    return c;
  }

  @Override
  public <T> T write(TxWork<T> work) {
    synchronized (writer) {
      try (JdbcTx tx = new JdbcTx(writer)) {
        T result = work.run(tx);
        tx.flush();
        writer.commit();
        return result;
      } catch (RuntimeException e) {
        rollback(); // a rule refused the work (or a bug): nothing of it is kept
        throw e;
      } catch (Exception e) {
        rollback();
        throw new StoreException("write failed", e);
      }
    }
  }

  private void rollback() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      LOG.error("rollback failed", e);
    }
  }

  @Override
  public <T> T read(TxWork<T> work) {
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted waiting for a read connection", e);
    }
    try {
      c.setAutoCommit(false); // one snapshot for the whole read
      try (JdbcTx tx = new JdbcTx(c)) {
        return work.run(tx);
      } finally {
        c.rollback();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("read failed", e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public String kind() {
    return "sqlite";
  }

  @Override
  public void close() {
    synchronized (writer) {
      try {
        writer.close();
        for (Connection c : readers) {
          c.close();
        }
      } catch (SQLException e) {
        LOG.warn("closing the sqlite store", e);
      }
    }
  }
}
