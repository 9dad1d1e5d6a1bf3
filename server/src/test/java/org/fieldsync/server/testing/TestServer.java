package org.fieldsync.server.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.store.Store;

/**
 * A real FieldSync server on a random loopback port, with the embedded SQLite store in a given
 * folder and the demo data loaded. Blocking and framework-free, so SDK tests and benchmarks can
 * use it. {@link #stop()} and {@link #start()} keep the port and the data, to test restarts.
 * Argon2 runs with small parameters here only to keep logins fast in tests.
 */
public final class TestServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Path dataDir;
  private final Clock clock;
  private ServerConfig config;
  private FieldSyncServer server;

  private TestServer(Path dataDir, ServerConfig config, Clock clock) {
    this.dataDir = dataDir;
    this.config = config;
    this.clock = clock;
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, ServerConfig.defaults());
  }

  /** Starts with {@code base}'s limits, on a random port, in {@code dataDir}, with demo data. */
  public static TestServer start(Path dataDir, ServerConfig base) {
    return start(dataDir, base, Clock.systemUTC());
  }

  /**
   * As {@link #start(Path, ServerConfig)}, with sign-in throttling, refresh tokens, enrolment and
   * oversight's "today" on {@code clock}, which the test may move.
   */
  public static TestServer start(Path dataDir, ServerConfig base, Clock clock) {
    TestServer t = new TestServer(dataDir,
        base.with(b -> b.port(0).dataDir(dataDir).demo(true).argon2MemoryKib(1024)
            .argon2Iterations(1)), clock);
    t.start();
    return t;
  }

  /** Starts (again): the first start picks the port, later ones reuse it. */
  public synchronized void start() {
    server = await(FieldSyncServer.start(vertx, config, clock).toCompletionStage()
        .toCompletableFuture());
    config = config.with(b -> b.port(server.port()));
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

  @Override
  public void close() {
    stop();
    await(vertx.close().toCompletionStage().toCompletableFuture());
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server operation failed", e);
    }
  }
}
