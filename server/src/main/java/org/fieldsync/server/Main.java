package org.fieldsync.server;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.demo.DemoData;
import org.fieldsync.server.store.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar fieldsync-server.jar [--demo] [--config file.json] [--port N] [--data DIR]}
 * runs the server; {@code --verify-audit} instead verifies the data folder's audit chain, prints
 * the result and exits 0 when it is intact, 1 when it is broken.
 * Configuration is layered: defaults, then the config file, then {@code FIELDSYNC_*} environment
 * variables, then command-line flags.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    boolean demo = false;
    boolean verifyAudit = false;
    boolean selfSigned = false;
    String configFile = null;
    Integer port = null;
    String data = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--demo" -> demo = true;
        case "--verify-audit" -> verifyAudit = true;
        case "--tls-self-signed" -> selfSigned = true;
        case "--config" -> configFile = value(args, ++i, "--config");
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--data" -> data = value(args, ++i, "--data");
        default -> {
          System.err.println("unknown option " + args[i]
              + "; usage: [--demo] [--config file.json] [--port N] [--data DIR]"
              + " [--tls-self-signed] [--verify-audit]");
          System.exit(2);
        }
      }
    }
    Vertx vertx = Vertx.vertx();
    ConfigRetrieverOptions opts = new ConfigRetrieverOptions();
    if (configFile != null) {
      if (!Files.exists(Path.of(configFile))) {
        System.err.println("config file " + configFile + " does not exist");
        System.exit(2);
      }
      opts.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", configFile)));
    }
    opts.addStore(new ConfigStoreOptions().setType("env"));
    final boolean loadDemo = demo;
    final boolean verifyOnly = verifyAudit;
    final boolean tlsSelfSigned = selfSigned;
    final Integer portFlag = port;
    final String dataFlag = data;
    ConfigRetriever.create(vertx, opts).getConfig().compose(json -> {
      ServerConfig cfg = ServerConfig.defaults().merge(json);
      if (portFlag != null) {
        cfg = cfg.withPort(portFlag);
      }
      if (dataFlag != null) {
        cfg = cfg.withDataDir(Path.of(dataFlag));
      }
      if (loadDemo) {
        cfg = cfg.withDemo(true);
      }
      if (tlsSelfSigned) {
        cfg = cfg.withTlsSelfSigned(true);
      }
      if (verifyOnly) {
        ServerConfig c = cfg;
        vertx.executeBlocking(() -> {
          try (SqliteStore store = new SqliteStore(c.dataDir())) {
            return AuditService.verify(store);
          }
        }).onComplete(ar -> {
          if (ar.failed()) {
            System.err.println("audit verification could not run: " + ar.cause().getMessage());
            System.exit(2);
          }
          System.out.println(new String(ProtocolCodec.encode(ar.result()),
              java.nio.charset.StandardCharsets.UTF_8));
          System.exit(ar.result().ok() ? 0 : 1);
        });
        return io.vertx.core.Future.succeededFuture(null);
      }
      LOG.info("starting with {}", cfg);
      return FieldSyncServer.start(vertx, cfg);
    }).onSuccess(server -> {
      if (server == null) {
        return; // --verify-audit exits on its own
      }
      if (loadDemo) {
        // Through the logger, so stdout stays JSON lines for log shippers.
        LOG.info("demo ready on {}://127.0.0.1:{}/admin/ and /api/v1: sign in as fw.alice (or"
            + " fw.bea, fw.carl, fw.hana, sw.dan, tm.erin, eo.faye, admin.gus, au.iris) with"
            + " password {}", server.services().config().tls() ? "https" : "http",
            server.port(), DemoData.PASSWORD);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() ->
          server.close().toCompletionStage().toCompletableFuture().join()));
    }).onFailure(e -> {
      LOG.error("fieldsync failed to start", e);
      vertx.close();
      System.exit(1);
    });
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      System.err.println(flag + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
