package org.fieldsync.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.server.admin.AllocationRoutes;
import org.fieldsync.server.admin.ConflictRoutes;
import org.fieldsync.server.admin.ConsoleRoutes;
import org.fieldsync.server.admin.DeviceRoutes;
import org.fieldsync.server.admin.VocabularyRoutes;
import org.fieldsync.server.audit.AuditRoutes;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.auth.ActivationRoutes;
import org.fieldsync.server.auth.AuthRoutes;
import org.fieldsync.server.auth.DevCertificate;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.Authenticator;
import org.fieldsync.server.auth.DeviceGuard;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.auth.SharedSecrets;
import org.fieldsync.server.auth.SignInThrottle;
import org.fieldsync.server.cluster.NodeEvents;
import org.fieldsync.server.auth.TabletRoutes;
import org.fieldsync.server.auth.TokenService;
import org.fieldsync.server.caseimport.CaseImport;
import org.fieldsync.server.caseimport.CaseImportRoutes;
import org.fieldsync.server.caserecord.AttachmentRoutes;
import org.fieldsync.server.caserecord.CaseloadRoutes;
import org.fieldsync.server.caserecord.FnspDecisionRoutes;
import org.fieldsync.server.caserecord.HistoryRoutes;
import org.fieldsync.server.caserecord.OversightConfig;
import org.fieldsync.server.caserecord.OversightRoutes;
import org.fieldsync.server.caserecord.ConsentRoutes;
import org.fieldsync.server.caserecord.ManagerRoutes;
import org.fieldsync.server.caserecord.RestrictionRoutes;
import org.fieldsync.server.caserecord.SignOffRoutes;
import org.fieldsync.server.caserecord.TimelineRoutes;
import org.fieldsync.server.demo.DemoData;
import org.fieldsync.server.export.ExportDispatcher;
import org.fieldsync.server.export.ExportRoutes;
import org.fieldsync.server.export.ExportSettings;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Drain;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.http.Transport;
import org.fieldsync.server.ops.HealthRoutes;
import org.fieldsync.server.ops.ServerMetrics;
import org.fieldsync.server.scim.Provisioning;
import org.fieldsync.server.scim.ScimRoutes;
import org.fieldsync.server.store.DataFolder;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreIdentity;
import org.fieldsync.server.sync.ChangesService;
import org.fieldsync.server.sync.CheckpointCodec;
import org.fieldsync.server.sync.PushService;
import org.fieldsync.server.sync.SyncRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.charset.StandardCharsets;

/**
 * A running FieldSync server, and the one place where its parts are put together: it opens the
 * store (migrating it), optionally loads the demo data, builds each feature's services and route
 * modules with exactly what they need, and deploys the HTTP API on {@code config.port()} (0 picks
 * a free port; see {@link #port()}). Used by the command line and by tests, which start real
 * servers on random ports.
 */
public final class FieldSyncServer {
  private static final Logger LOG = LoggerFactory.getLogger(FieldSyncServer.class);
  private static final String NODE_PREFIX = "node-";

  private final Vertx vertx;
  private final ServerConfig config;
  private final Store store;
  private final PushService push;
  private final AuditService audit;
  private final TokenService tokens;
  /** Bearer tokens, and a device's refresh folded into a sync request (decision 0038). */
  private final Authenticator authenticator;
  private final List<RouteModule> modules;
  private final ServerMetrics metrics;
  private final NodeEvents nodes;
  private final SignInThrottle logins;
  private final Drain drain = new Drain();
  private final ExportDispatcher exports;
  private final Clock time;
  private String deploymentId;
  private int port;
  private List<String> routes;

  /**
   * Builds every part; blocking (migrations, demo hashing, key files), so on a worker. {@code
   * time} is the clock everything runs on (tokens, pushes, audit, sign-in throttling, refresh
   * tokens, enrolment, oversight's "today"; tests and the simulation move it instead of
   * waiting); metrics go to {@code registry}; {@code wrap} may wrap the opened store (the
   * simulation's fault-injecting store).
   */
  private FieldSyncServer(Vertx vertx, ServerConfig given, Clock time,
      PrometheusMeterRegistry registry, UnaryOperator<Store> wrap) throws IOException {
    this.vertx = vertx;
    this.time = time;
    this.config = transport(given);
    this.metrics = new ServerMetrics(registry);
    store = metrics.metered(wrap.apply(config.storeSettings().open()));
    try {
      PasswordHasher passwords = new PasswordHasher(config.argon2MemoryKib(),
          config.argon2Iterations());
      if (config.demo()) {
        DemoData.load(store, passwords);
      }
      SharedSecrets secrets = SharedSecrets.load(config.secrets(), config.tokenSecret(),
          config.development());
      tokens = new TokenService(vertx, secrets.tokenSecret(), config.tokenTtlSeconds(), time);
      store.read(tx -> tx.credentials().revokedTokens(time.millis() / 1000))
          .forEach(tokens::apply);
      store.read(tx -> tx.people().inactive()).forEach(u -> tokens.applyActive(u, false));
      StoreIdentity identity = StoreIdentity.of(store);
      CheckpointCodec checkpoints = new CheckpointCodec(identity.checkpointKey(), identity.id(),
          identity.epoch());
      push = new PushService(store, time);
      push.observe(metrics::pushed);
      ChangesService changes = new ChangesService(store, checkpoints);
      changes.observe(metrics::pulled);
      audit = new AuditService(store, time, Duration.ofMinutes(1));
      logins = new SignInThrottle(config.loginMaxFailures(),
          config.loginWindowSeconds(), time::millis);
      ServerKeys keys = secrets.keys();
      DeviceRegistry devices = new DeviceRegistry(store, secrets.leaseSecret());
      nodes = new NodeEvents(NODE_PREFIX + UUID.randomUUID(), vertx, store, devices, tokens,
          logins).start();
      DeviceGuard guard = new DeviceGuard(devices);
      ExportSettings exportSettings = ExportSettings.load(config.exports());
      exports = new ExportDispatcher(vertx, store, exportSettings, keys,
          secrets.tokenSecret().getBytes(StandardCharsets.UTF_8), time,
          NODE_PREFIX + UUID.randomUUID()).start();
      HybridLogicalClock clock = push.clock();
      AuthRoutes authRoutes = new AuthRoutes(store, tokens, passwords, logins, devices, audit,
          config.refreshSeconds(), time);
      authenticator = folding(authRoutes);
      modules = List.of(
          new HealthRoutes(store, drain),
          authRoutes,
          new ActivationRoutes(store, passwords, logins, audit, config.activationSeconds(),
              time),
          new ScimRoutes(config.scimToken(), new Provisioning(store, tokens, devices, time)),
          new CaseImportRoutes(config.caseImportToken(), new CaseImport(store, time)),
          new SyncRoutes(push, changes, store, keys, devices, guard, config.maxBatch(),
              config.maxPage()),
          new TimelineRoutes(store),
          new CaseloadRoutes(store),
          new AllocationRoutes(store),
          new ConflictRoutes(store, clock, audit),
          new DeviceRoutes(store, devices, time),
          new TabletRoutes(store, devices, guard, logins, audit, config.maxBatch(),
              config.leaseSeconds(), time),
          new HistoryRoutes(store, audit),
          new SignOffRoutes(store, clock),
          new FnspDecisionRoutes(store, clock, audit),
          new AttachmentRoutes(store, guard, audit),
          new RestrictionRoutes(store),
          new ConsentRoutes(store),
          new ManagerRoutes(store),
          new OversightRoutes(store, OversightConfig.load(config.oversightRules(),
              config.bankHolidays(), time), time),
          new AuditRoutes(store, audit),
          new ExportRoutes(store, exportSettings, time),
          new VocabularyRoutes(),
          new ConsoleRoutes());
    } catch (RuntimeException | IOException e) {
      store.close();
      throw e;
    }
  }

  /** Starts a server. Blocking set-up (migrations, demo hashing) runs on a worker. */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config) {
    return start(vertx, config, Clock.systemUTC());
  }

  /**
   * Starts a server whose sign-in throttling, refresh tokens, enrolment and oversight run on
   * {@code time} (tests move it instead of waiting).
   */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config, Clock time) {
    return start(vertx, config, time, ServerMetrics.newRegistry());
  }

  /**
   * Starts a server whose metrics go to {@code registry} (the one {@code vertx} was built with,
   * see {@link ServerMetrics#vertx}, so Vert.x's own metrics are served beside the server's).
   */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config,
      PrometheusMeterRegistry registry) {
    return start(vertx, config, Clock.systemUTC(), registry);
  }

  /** Starts a server on {@code time}, its metrics to {@code registry}. */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config, Clock time,
      PrometheusMeterRegistry registry) {
    return start(vertx, config, time, registry, UnaryOperator.identity());
  }

  /**
   * Starts a server on {@code time} whose store is {@code wrap} applied to the configured one:
   * the simulation wraps it to inject faults (a push transaction that never commits, as in a
   * crash). The wrapper must keep {@link Store}'s contract for everything it lets through.
   */
  public static Future<FieldSyncServer> start(Vertx vertx, ServerConfig config, Clock time,
      PrometheusMeterRegistry registry, UnaryOperator<Store> wrap) {
    return vertx.executeBlocking(() -> new FieldSyncServer(vertx, config, time, registry, wrap))
        .compose(FieldSyncServer::deploy);
  }

  /** The token service's check, and refreshes spent by the one rule {@code AuthRoutes} keeps. */
  private Authenticator folding(AuthRoutes auth) {
    return new Authenticator() {
      @Override
      public Future<Principal> verify(String token) {
        return tokens.verify(token);
      }

      @Override
      public Future<Refreshed> refresh(String deviceId, String refreshToken, String sig) {
        return vertx.executeBlocking(() -> auth.spendRefresh(new RefreshRequest(refreshToken,
            deviceId, sig)), false).compose(r -> tokens.verify(r.token()).map(p ->
                new Refreshed(p, r.token(), r.expiresInSeconds(), r.refreshToken())));
      }
    };
  }

  private Future<FieldSyncServer> deploy() {
    Promise<Integer> bound = Promise.promise();
    Promise<List<String>> table = Promise.promise();
    int instances = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    HttpServerOptions listen = listenOptions();
    return vertx.deployVerticle(() -> new ApiVerticle(listen, config.maxBodyBytes(),
            authenticator, audit::accessRefused, modules, bound, table, drain, time),
            new DeploymentOptions().setInstances(instances))
        .compose(id -> bound.future().map(p -> {
          LOG.info("fieldsync listening on {}:{} store={}", config.host(), p, store.kind());
          deploymentId = id;
          port = p;
          routes = table.future().result();
          return this;
        }))
        .compose(s -> metrics.start(vertx, store, config.metricsHost(), config.metricsPort())
            .map(this))
        .onFailure(e -> {
          exports.close();
          nodes.close();
          push.close();
          store.close();
        });
  }

  private HttpServerOptions listenOptions() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxWebSocketFrameSize(64 * 1024)
        // HTTP/1.1 (and WebSocket) only. A client's `Upgrade: h2c` offer is ignored and answered
        // in HTTP/1.1: with the upgrade on, about one answer in 40 to the JDK client (which offers
        // it by default) never arrived. TLS offers no ALPN, so HTTP/2 is never negotiated there.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true)
        // Gzip request bodies (a tablet's push on a slow link) are undone by the routes that
        // read a body (http.RequestBodies), not by the connection: a body that is not the gzip it
        // claims then gets a problem answer, not a dropped connection.
        .setDecompressionSupported(false);
    if (config.tls()) {
      Transport.harden(options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCert()).setKeyPath(config.tlsKey())));
    }
    return options;
  }

  /**
   * HTTPS when a certificate is configured (or a self-signed one is asked for); plain HTTP only
   * for development on a loopback address. Anything else refuses to start.
   */
  static ServerConfig transport(ServerConfig config) throws IOException {
    if (config.tlsSelfSigned() && !config.tls()) {
      DataFolder.secure(config.dataDir());
      Path[] made = DevCertificate.ensure(config.dataDir());
      config = config.with(b -> b.tlsCert(made[0].toString()).tlsKey(made[1].toString()));
    }
    if (config.tls()) {
      LOG.info("https: certificate {} public-key pin sha256/{}", config.tlsCert(),
          DevCertificate.publicKeyPin(Path.of(config.tlsCert())));
      return config;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(config.host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback || !config.development()) {
      throw new IllegalArgumentException("plain HTTP is only for development on a loopback"
          + " address: configure tlsCert and tlsKey (PEM), or use --tls-self-signed");
    }
    return config;
  }

  public int port() {
    return port;
  }

  /** Every route of the HTTP API as {@code "METHOD /path"}, for the authorization matrix. */
  public List<String> routes() {
    return routes;
  }

  /** The configuration it runs with (after the transport decision). */
  public ServerConfig config() {
    return config;
  }

  /** The store, for tools and for tests that check what is stored. */
  public Store store() {
    return store;
  }

  /** Requests being served now (what a graceful stop waits for). */
  public int requestsInFlight() {
    return drain.inFlight();
  }

  /**
   * This node's sign-in throttle (which counts the other nodes' failures as they are relayed):
   * what operations and tests may ask, without making an attempt.
   */
  public SignInThrottle signIns() {
    return logins;
  }

  /** The metrics listener's port, or -1 when there is none. */
  public int metricsPort() {
    return metrics.port();
  }

  /**
   * Stops gracefully, as on SIGTERM: refuses new requests ({@code 503}, so clients send them
   * again elsewhere) and reports not ready, waits up to {@code drainSeconds} for the requests in
   * flight (pushes among them) to be answered, then closes WebSockets (1012, reconnect), the
   * listener and the store.
   */
  public Future<Void> shutdown() {
    drain.start();
    LOG.info("draining: {} request(s) in flight", drain.inFlight());
    long deadline = System.nanoTime() + config.drainSeconds() * 1_000_000_000L;
    Promise<Void> idle = Promise.promise();
    awaitIdle(deadline, idle);
    return idle.future().compose(v -> close());
  }

  /**
   * Completes {@code idle} once no request is in flight or the deadline has passed, checking
   * every 20 ms. A one-shot timer per check, not a periodic one cancelled from its own handler:
   * Vert.x 5 can fire a zero-delay periodic timer before it has recorded it, and cancelling it
   * then throws inside the timer, so the stop never ended (CI saw it hang once in a few runs).
   */
  private void awaitIdle(long deadline, Promise<Void> idle) {
    if (drain.inFlight() == 0 || System.nanoTime() > deadline) {
      if (drain.inFlight() > 0) {
        LOG.warn("drain timed out with {} request(s) in flight", drain.inFlight());
      }
      idle.tryComplete();
      return;
    }
    vertx.setTimer(20, t -> awaitIdle(deadline, idle));
  }

  /** Undeploys the API and closes the store; the Vert.x instance stays open. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId).eventually(() -> metrics.stop())
        .eventually(() -> vertx.executeBlocking(() -> {
          exports.close();
          nodes.close();
          push.close();
          audit.close();
          store.close();
          return null;
        }));
  }
}
