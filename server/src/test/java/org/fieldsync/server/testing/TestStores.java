package org.fieldsync.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.server.ServerConfig;
import org.flywaydb.core.Flyway;

/**
 * The store test servers run on: the embedded SQLite by default, or, with
 * {@code -Dfieldsync.test.store=postgresql} (the build's second test run), a scratch PostgreSQL
 * database per server on the local PostgreSQL (127.0.0.1:5432, trust auth), made here and dropped
 * when the server closes (and, for any left behind, when the JVM exits).
 */
public final class TestStores {
  /** The system property that picks the store. */
  public static final String PROPERTY = "fieldsync.test.store";
  /** The local PostgreSQL, as {@code scripts/test-prereqs.sh} makes sure it runs. */
  public static final String HOST_URL = "jdbc:postgresql://127.0.0.1:5432/";
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
  private static String template;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TestStores::dropQuietly),
        "drop-scratch-databases"));
  }

  private TestStores() {}

  /** Whether this run tests on PostgreSQL. */
  public static boolean postgres() {
    return "postgresql".equals(System.getProperty(PROPERTY));
  }

  /**
   * {@code config} on this run's store: unchanged on SQLite, or on a new scratch PostgreSQL
   * database (unless it already names one, as a restarted server does).
   */
  public static ServerConfig on(ServerConfig config) {
    if (!postgres() || config.jdbcUrl() != null) {
      return config;
    }
    String db = scratch();
    return config.with(b -> b.store("postgresql").jdbcUrl(HOST_URL + db).dbUser("postgres")
        .dbPassword(""));
  }

  /**
   * Makes a scratch database, already migrated: a copy of this JVM's template (migrated once),
   * which is much quicker than migrating every test server's database afresh.
   */
  public static String scratch() {
    String db = "fieldsync_t_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
    admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    admin("CREATE DATABASE " + db + " TEMPLATE " + template());
    LIVE.add(db);
    return db;
  }

  private static synchronized String template() {
    if (template == null) {
      String name = "fieldsync_t_" + ProcessHandle.current().pid() + "_template";
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      admin("CREATE DATABASE " + name);
      LIVE.add(name);
      Flyway.configure().dataSource(HOST_URL + name, "postgres", "")
          .locations("classpath:db/migration").load().migrate();
      template = name;
    }
    return template;
  }

  /** Drops the scratch database {@code config} runs on, if it has one. */
  public static void drop(ServerConfig config) {
    if (config.jdbcUrl() != null && config.jdbcUrl().startsWith(HOST_URL + "fieldsync_t_")) {
      drop(config.jdbcUrl().substring(HOST_URL.length()));
    }
  }

  /** Drops a scratch database. */
  public static void drop(String db) {
    admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    LIVE.remove(db);
  }

  private static void dropQuietly(String db) {
    try {
      drop(db);
    } catch (IllegalStateException e) {
      // The JVM is exiting; the next run's scratch names differ (another pid).
    }
  }

  /** A plain connection to a scratch database, to look at or tamper with what is stored. */
  public static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(HOST_URL + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on the local PostgreSQL", e);
    }
  }
}
