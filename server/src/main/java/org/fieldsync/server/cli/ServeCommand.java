package org.fieldsync.server.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.demo.DemoData;
import org.fieldsync.server.ops.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code serve}: runs the server until the process is stopped (the default command). Exit code 1
 * when it cannot start; the cause is logged.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the server (what happens when no command is named).")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin
  private ServeOptions options;

  @Override
  public Integer call() throws InterruptedException {
    return serve(options);
  }

  /** Starts the server and blocks until the JVM shuts down; the exit code if it cannot start. */
  static int serve(ServeOptions options) throws InterruptedException {
    PrometheusMeterRegistry registry = ServerMetrics.newRegistry();
    Vertx vertx = ServerMetrics.vertx(registry);
    FieldSyncServer server;
    try {
      ServerConfig config = options.apply(options.config.load(vertx));
      LOG.info("starting with {}", config);
      server = FieldSyncServer.start(vertx, config, registry).toCompletionStage()
          .toCompletableFuture().get();
    } catch (ExecutionException e) {
      LOG.error("fieldsync failed to start", e.getCause());
      vertx.close();
      return 1;
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    if (server.config().demo()) {
      DemoData.loadRecords(server.store());
    }
    if (options.demo) {
      // Through the logger, so stdout stays JSON lines for log shippers.
      // Every user of the dataset, so the line cannot fall behind it.
      LOG.info("demo ready on {}://127.0.0.1:{}/admin/ and /api/v1: sign in as any of {} with"
          + " password {}", server.config().tls() ? "https" : "http", server.port(),
          String.join(", ", DemoData.usernames()), DemoData.PASSWORD);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM (systemd stop, a rolling restart): drain, then close; see FieldSyncServer.shutdown.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown().toCompletionStage().toCompletableFuture().join();
      LOG.info("fieldsync stopped");
      stopped.countDown();
    }, "fieldsync-shutdown"));
    stopped.await();
    return 0;
  }
}
