package org.fieldsync.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
  private final List<String> openingProblems = new ArrayList<>();
  private final LocalNotifications notifications = new LocalNotifications();
  private volatile CurrentHook currentHook = CurrentHook.NONE;
  /** The schema version this node migrated to at start. */
  private final String schema;

  /**
   * Opens (creating and migrating) the store in {@code dataDir}, to serve from. A damaged
   * write-ahead log is logged as an error (with a copy kept); a database that fails SQLite's
   * {@code quick_check} is refused: the server does not start on a damaged store.
   */
  public SqliteStore(Path dataDir) {
    this(dataDir, false);
  }

  private SqliteStore(Path dataDir, boolean inspect) {
    try {
      this.file = dataDir.resolve("fieldsync.db");
      if (inspect && !Files.exists(file)) {
        throw new StoreException("there is no store in " + dataDir, null);
      }
      DataFolder.secure(dataDir);
      // Owner-only before SQLite first opens it: SQLite makes the -wal and -shm files with the
      // database file's mode, so they are owner-only too, whatever the umask.
      DataFolder.ownerOnlyFile(file);
      for (String suffix : new String[] {"-wal", "-shm"}) {
        DataFolder.ownerOnlyIfPresent(dataDir.resolve(file.getFileName() + suffix));
      }
      inspectWal(dataDir.resolve(file.getFileName() + "-wal"));
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      if (!inspect) {
        refuseIfDamaged(url);
      }
      this.schema = inspect ? null
          : Schema.migrate(Flyway.configure().dataSource(url, null, null));
      this.writer = open(url);
      writer.setAutoCommit(false);
      for (int i = 0; i < READERS; i++) {
        Connection r = open(url);
        try (Statement st = r.createStatement()) {
          st.execute("PRAGMA query_only=1"); // readers can never write by mistake
        }
        readers.add(r);
      }
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("cannot open the SQLite store in " + dataDir, e);
    }
    LOG.info("sqlite store open at {}", file);
  }

  /**
   * Opens an existing store to inspect it ({@code verify-store}): no migration and no refusal, so
   * a damaged store can still be looked at; an absent one is a {@link StoreException}.
   */
  public static SqliteStore inspect(Path dataDir) {
    return new SqliteStore(dataDir, true);
  }

  /** Before SQLite reads the log (and recovers from it): is it whole? Keep a copy if not. */
  private void inspectWal(Path wal) throws IOException {
    String problem = SqliteChecks.walProblem(wal);
    if (problem != null) {
      Path copy = SqliteChecks.keepCopy(wal, System.currentTimeMillis());
      openingProblems.add(problem);
      LOG.error("{}. A copy is kept at {}. Run verify-store, and compare the store with the last"
          + " backup before tablets sync again.", problem, copy);
    }
  }

  private static void refuseIfDamaged(String url) throws SQLException {
    List<String> problems;
    try (Connection c = DriverManager.getConnection(url)) {
      problems = SqliteChecks.check(c, false);
    } catch (SQLException e) {
      problems = List.of(String.valueOf(e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new StoreException("the SQLite store " + url.substring("jdbc:sqlite:".length())
          + " fails SQLite's quick_check (" + problems.get(0) + (problems.size() > 1 ? ", and "
          + (problems.size() - 1) + " more" : "") + "): the server does not start on a damaged"
          + " store. Run verify-store for a report, and restore from the last backup", null);
    }
  }

  /**
   * What is wrong with the database's files: a cut-short write-ahead log found when it was
   * opened, then every problem of SQLite's full {@code integrity_check}. Empty when sound.
   */
  @Override
  public List<String> integrityProblems() {
    List<String> out = new ArrayList<>(openingProblems);
    try {
      Connection c = readers.take();
      try {
        c.setAutoCommit(false);
        out.addAll(SqliteChecks.check(c, true));
        c.rollback();
      } finally {
        readers.add(c);
      }
    } catch (SQLException e) {
      out.add("integrity_check could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted waiting for a read connection", e);
    }
    return out;
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
      try (JdbcTx tx = new JdbcTx(writer, currentHook)) {
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

  /**
   * Writes a consistent copy of the whole database to {@code target} while the server runs
   * ({@code VACUUM INTO}: one read transaction, so writers go on and the copy is one moment of
   * the store). The target must not exist.
   */
  public void backup(Path target) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        PreparedStatement p = c.prepareStatement("VACUUM INTO ?")) {
      p.setString(1, target.toAbsolutePath().toString());
      p.execute();
    } catch (SQLException e) {
      throw new StoreException("backup to " + target + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    notifications.close();
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
