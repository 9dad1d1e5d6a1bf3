package org.fieldsync.sim;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.ops.ServerMetrics;
import org.fieldsync.server.testing.TestDevice;

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

  /**
   * The migrated store with the demo data and every simulated tablet enrolled, made once per run
   * and copied into each scenario's folder: migrating and enrolling afresh for each scenario
   * would cost more than the scenario.
   */
  private static Path template;
  private static List<TestDevice> enrolled;

  SimServer(Vertx vertx, Path dir, Clock clock) {
    this.vertx = vertx;
    this.dir = dir;
    this.clock = clock;
    // The template holds the demo data already: the scenario's server only opens it.
    this.config = config(dir).with(b -> b.demo(false).dev(true));
    copyTemplate(vertx, dir);
    start();
  }

  private static ServerConfig config(Path dir) {
    return ServerConfig.builder().port(0).dataDir(dir).demo(true)
        .argon2MemoryKib(1024).argon2Iterations(1).tokenTtlSeconds(TOKEN_SECONDS).build();
  }

  /** The tablets enrolled in the template, one per entry of {@code users} (user names, ids). */
  static synchronized List<TestDevice> enrolled(Vertx vertx, String[][] users) {
    template(vertx, users);
    return enrolled;
  }

  private static synchronized Path template(Vertx vertx, String[][] users) {
    if (template != null) {
      return template;
    }
    try {
      Path t = Files.createTempDirectory(scratch(), "fieldsync-sim-template-");
      ServerConfig c = config(t);
      FieldSyncServer s = FieldSyncServer.start(vertx, c, Clock.systemUTC())
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      List<TestDevice> devices = new ArrayList<>();
      for (int i = 0; i < users.length; i++) {
        devices.add(TestDevice.enrol(s.store(), s.port(), users[i][0], deviceId(users[i][0], i)));
      }
      s.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      enrolled = List.copyOf(devices);
      template = t;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(t)));
      return t;
    } catch (Exception e) {
      throw new IllegalStateException("could not make the simulation's template store", e);
    }
  }

  /** Deletes a folder and everything in it (a leftover is harmless: best effort). */
  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** The device id of the {@code i}th simulated tablet. */
  static String deviceId(String username, int i) {
    return "sim-" + username.replace('.', '-') + "-" + i;
  }

  private static void copyTemplate(Vertx vertx, Path dir) {
    if (template == null) {
      throw new IllegalStateException("enrolled(...) makes the template first");
    }
    try (Stream<Path> files = Files.list(template)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where scenarios keep their stores: a RAM-backed temporary folder when the machine has one
   * ({@code /dev/shm}), so SQLite's fsync on every commit costs nothing; else the JVM's.
   */
  static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
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
