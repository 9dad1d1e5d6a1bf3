package org.fieldsync.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.auth.LoginLimiter;
import org.fieldsync.server.auth.DevCertificate;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.auth.TokenService;
import org.fieldsync.server.demo.DemoData;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.store.SqliteStore;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreIdentity;
import org.fieldsync.server.sync.ChangesService;
import org.fieldsync.server.sync.CheckpointCodec;
import org.fieldsync.server.sync.PushService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running FieldSync server: opens the store (migrating it), optionally loads the demo data, and
 * deploys the HTTP API on {@code config.port()} (0 picks a free port; see {@link #port()}). Used by
 * {@link Main} and by tests, which start real servers on random ports.
 */
public final class FieldSyncServer {
  private static final Logger LOG = LoggerFactory.getLogger(FieldSyncServer.class);

  private final Vertx vertx;
  private final Services services;
  private final String deploymentId;
  private final int port;
  private final List<String> routes;

  private FieldSyncServer(Vertx vertx, Services services, String deploymentId, int port,
      List<String> routes) {
    this.vertx = vertx;
    this.services = services;
    this.deploymentId = deploymentId;
    this.port = port;
    this.routes = routes;
  }

  /** Every route of the HTTP API as {@code "METHOD /path"}, for the authorization matrix. */
  public List<String> routes() {
    return routes;
  }

  /** Starts a server. Blocking set-up (migrations, demo hashing) runs on a worker. */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config) {
    return vertx.executeBlocking(() -> services(vertx, config)).compose(services -> {
      Promise<Integer> bound = Promise.promise();
      Promise<List<String>> routes = Promise.promise();
      int instances = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
      return vertx.deployVerticle(() -> new ApiVerticle(services, bound, routes),
              new DeploymentOptions().setInstances(instances))
          .compose(id -> bound.future().map(p -> {
            LOG.info("fieldsync listening on {}:{} store={}", config.host(), p,
                services.store().kind());
            return new FieldSyncServer(vertx, services, id, p,
                routes.future().result());
          }))
          .onFailure(e -> {
            services.push().close();
            services.store().close();
          });
    });
  }

  private static Services services(Vertx vertx, ServerConfig given) throws IOException {
    ServerConfig config = transport(given);
    if (!"sqlite".equals(config.store())) {
      throw new IllegalArgumentException("store '" + config.store()
          + "' is not supported yet; use sqlite");
    }
    Store store = new SqliteStore(config.dataDir());
    PasswordHasher hasher = new PasswordHasher(config.argon2MemoryKib(),
        config.argon2Iterations());
    if (config.demo()) {
      DemoData.load(store, hasher);
    }
    String secret = config.tokenSecret() != null ? config.tokenSecret()
        : tokenSecret(config.dataDir());
    TokenService tokens = new TokenService(vertx, secret, config.tokenTtlSeconds());
    store.read(tx -> tx.revokedTokens(System.currentTimeMillis() / 1000)).forEach(tokens::revoke);
    StoreIdentity identity = StoreIdentity.of(store);
    CheckpointCodec checkpoints = new CheckpointCodec(CheckpointCodec.deriveKey(secret),
        identity.id(), identity.epoch());
    return new Services(config, store, new PushService(store),
        new ChangesService(store, checkpoints),
        tokens, hasher,
        new AuditService(store), new LoginLimiter(config.loginMaxFailures(),
            config.loginWindowSeconds(), System::currentTimeMillis),
        ServerKeys.load(config.dataDir()), new DeviceRegistry(store, config.dataDir()));
  }

  /**
   * HTTPS when a certificate is configured (or a self-signed one is asked for); plain HTTP only
   * for development on a loopback address. Anything else refuses to start.
   */
  static ServerConfig transport(ServerConfig config) throws IOException {
    if (config.tlsSelfSigned() && !config.tls()) {
      java.nio.file.Files.createDirectories(config.dataDir());
      Path[] made = DevCertificate.ensure(config.dataDir());
      config = config.withTls(made[0].toString(), made[1].toString());
    }
    if (config.tls()) {
      LOG.info("https: certificate {} public-key pin sha256/{}", config.tlsCert(),
          DevCertificate.publicKeyPin(Path.of(config.tlsCert())));
      return config;
    }
    boolean loopback;
    try {
      loopback = java.net.InetAddress.getByName(config.host()).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      loopback = false;
    }
    if (!loopback || !config.development()) {
      throw new IllegalArgumentException("plain HTTP is only for development on a loopback"
          + " address: configure tlsCert and tlsKey (PEM), or use --tls-self-signed");
    }
    return config;
  }

  /** A dev secret kept in the data folder (owner-only), so tokens survive a restart. */
  private static String tokenSecret(Path dataDir) throws IOException {
    Path f = dataDir.resolve("token-secret");
    if (Files.exists(f)) {
      return Files.readString(f, StandardCharsets.US_ASCII).trim();
    }
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Files.writeString(f, s, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.warn("cannot restrict permissions of {} on this file system", f);
    }
    return s;
  }

  public int port() {
    return port;
  }

  public Services services() {
    return services;
  }

  /** Undeploys the API and closes the store; the Vert.x instance stays open. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId).eventually(() -> vertx.executeBlocking(() -> {
      services.push().close();
      services.audit().close();
      services.store().close();
      return null;
    }));
  }
}
