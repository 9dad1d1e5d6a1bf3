package org.fieldsync.server.testing;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.ops.ServerMetrics;
import org.fieldsync.server.store.Store;

/**
 * A real FieldSync server on a random loopback port, with the demo data loaded, on this run's
 * store ({@link TestStores}: SQLite in the given folder, or a scratch PostgreSQL database).
 * Blocking and framework-free, so SDK tests and benchmarks can use it. {@link #stop()} and
 * {@link #start()} keep the port and the data, to test restarts.
 * Argon2 runs with small parameters here only to keep logins fast in tests.
 */
public final class TestServer implements AutoCloseable {
  private final PrometheusMeterRegistry registry = ServerMetrics.newRegistry();
  private final Vertx vertx = ServerMetrics.vertx(registry);
  private final Path dataDir;
  private final Clock clock;
  private ServerConfig config;
  /** Whether its store is a scratch database of its own (dropped on close), not a shared one. */
  private final boolean ownStore;
  private FieldSyncServer server;

  private TestServer(Path dataDir, ServerConfig config, boolean ownStore, Clock clock) {
    this.dataDir = dataDir;
    this.config = config;
    this.ownStore = ownStore;
    this.clock = clock;
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, ServerConfig.defaults());
  }

  /**
   * Starts with {@code base}'s limits, on a random port, in {@code dataDir}, with demo data; on
   * {@code base}'s PostgreSQL database when it names one (several nodes on one store), else on
   * this run's store.
   */
  public static TestServer start(Path dataDir, ServerConfig base) {
    return start(dataDir, base, Clock.systemUTC());
  }

  /**
   * As {@link #start(Path, ServerConfig)}, with sign-in throttling, refresh tokens, enrolment and
   * oversight's "today" on {@code clock}, which the test may move.
   */
  public static TestServer start(Path dataDir, ServerConfig base, Clock clock) {
    TestServer t = new TestServer(dataDir, TestStores.on(
        base.with(b -> b.port(0).dataDir(dataDir).demo(true).argon2MemoryKib(1024)
            .argon2Iterations(1))), base.jdbcUrl() == null, clock);
    t.start();
    return t;
  }

  /**
   * A fresh server with no demo data, as a council's first start (it is provisioned by SCIM and
   * a case file), with {@code base}'s settings, on this run's store.
   */
  public static TestServer startEmpty(Path dataDir, ServerConfig base) {
    TestServer t = new TestServer(dataDir, TestStores.on(
        base.with(b -> b.port(0).dataDir(dataDir).demo(false).dev(true).argon2MemoryKib(1024)
            .argon2Iterations(1))), base.jdbcUrl() == null, Clock.systemUTC());
    t.start();
    return t;
  }

  /** Starts (again): the first start picks the port, later ones reuse it. */
  public synchronized void start() {
    server = await(FieldSyncServer.start(vertx, config, clock, registry).toCompletionStage()
        .toCompletableFuture());
    config = config.with(b -> b.port(server.port()));
  }

  /**
   * Stops the server gracefully, as SIGTERM does (drain, then close); completes when it has
   * stopped. The data folder and port stay for {@link #start()}.
   */
  public synchronized CompletableFuture<Void> shutdown() {
    FieldSyncServer s = server;
    server = null;
    return s.shutdown().toCompletionStage().toCompletableFuture();
  }

  /** Stops the server; the data folder and port stay for {@link #start()}. */
  public synchronized void stop() {
    if (server != null) {
      await(server.close().toCompletionStage().toCompletableFuture());
      server = null;
    }
  }

  public int port() {
    return config.port();
  }

  public String baseUrl() {
    boolean tls = server != null ? server.config().tls() : config.tlsSelfSigned();
    return (tls ? "https" : "http") + "://127.0.0.1:" + port() + "/";
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The running server's store, for assertions on what is stored. */
  public Store store() {
    return server.store();
  }

  /** The running server's routes, as {@code "METHOD /path"}. */
  public List<String> routes() {
    return server.routes();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A plain JDBC connection to its store, to look at or tamper with what is stored. */
  public Connection jdbc() throws SQLException {
    return config.jdbcUrl() != null ? TestStores.connect(config.jdbcUrl())
        : DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fieldsync.db"));
  }

  /** The environment that points a command-line process at the same store. */
  public Map<String, String> storeEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("FIELDSYNC_STORE", config.storeSettings().kind());
    if (config.jdbcUrl() != null) {
      env.put("FIELDSYNC_JDBC_URL", config.jdbcUrl());
      env.put("FIELDSYNC_DB_USER", config.dbUser());
    }
    return env;
  }

  /** The configuration it runs with (its store, its data folder, its port). */
  public ServerConfig config() {
    return config;
  }

  /** The running server, for what only it knows (its metrics port, a graceful shutdown). */
  public FieldSyncServer server() {
    return server;
  }

  @Override
  public void close() {
    stop();
    await(vertx.close().toCompletionStage().toCompletableFuture());
    if (ownStore) {
      TestStores.drop(config);
    }
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server operation failed", e);
    }
  }
}
