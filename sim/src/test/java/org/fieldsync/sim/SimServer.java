package org.fieldsync.sim;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.ops.ServerMetrics;

/**
 * The real server, on SQLite in the scenario's temporary folder, on the scenario's clock, its
 * store wrapped in a {@link FaultyStore}. A restart closes it and starts it again on the same
 * folder and port, as after a crash.
 */
final class SimServer implements AutoCloseable {
  /** Short-lived access tokens, so simulated hours make them run out mid-sync. */
  static final int TOKEN_SECONDS = 1800;

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry = ServerMetrics.newRegistry();
  private final Path dir;
  private final Clock clock;
  private ServerConfig config;
  private FieldSyncServer server;
  private FaultyStore store;
  private Connection jdbc;

  SimServer(Vertx vertx, Path dir, Clock clock) {
    this.vertx = vertx;
    this.dir = dir;
    this.clock = clock;
    this.config = ServerConfig.builder().port(0).dataDir(dir).demo(true)
        .argon2MemoryKib(1024).argon2Iterations(1).tokenTtlSeconds(TOKEN_SECONDS).build();
    start();
  }

  private void start() {
    try {
      server = FieldSyncServer.start(vertx, config, clock, registry, s -> {
        store = new FaultyStore(s);
        return store;
      }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the simulated server did not start", e);
    }
    config = config.with(b -> b.port(server.port()));
  }

  /** Stops and starts again on the same folder and port (after a crash). */
  void restart() {
    stop();
    start();
  }

  private void stop() {
    closeJdbc();
    if (server != null) {
      try {
        server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the simulated server did not stop", e);
      }
      server = null;
    }
  }

  int port() {
    return server.port();
  }

  FaultyStore faults() {
    return store;
  }

  FieldSyncServer server() {
    return server;
  }

  /** A plain connection to the store's file, for the invariant checks (reads only). */
  Connection jdbc() throws SQLException {
    if (jdbc == null) {
      jdbc = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fieldsync.db"));
    }
    return jdbc;
  }

  private void closeJdbc() {
    if (jdbc != null) {
      try {
        jdbc.close();
      } catch (SQLException e) {
        // closing a reader: nothing to do
      }
      jdbc = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
