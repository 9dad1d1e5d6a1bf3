package org.fieldsync.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Prometheus metrics, in one registry with Vert.x's own (HTTP requests by route and
 * status, open WebSockets as {@code vertx_http_server_active_ws_connections}, pools, JVM), served
 * as text on a separate listener ({@code metricsPort}, loopback by default) so that they are
 * never on the public port:
 *
 * <ul>
 *   <li>{@code fieldsync_push_seconds{outcome}}: pushes, from queueing to commit, ok or error;
 *   <li>{@code fieldsync_push_items_total{outcome}}: pushed revisions by outcome (accepted,
 *       merged, conflict, rejected, duplicate);
 *   <li>{@code fieldsync_pull_seconds{outcome}}: change-feed pages, ok, reset, invalid or error;
 *   <li>{@code fieldsync_store_seconds{op,outcome}}: store transactions;
 *   <li>{@code fieldsync_conflicts_open}, {@code fieldsync_audit_head_seq}: read from the store
 *       at each scrape (the audit chain's head only grows; a drop means the trail was cut).
 * </ul>
 */
public final class ServerMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

  private final PrometheusMeterRegistry registry;
  private final Map<Outcome, Counter> items = new EnumMap<>(Outcome.class);
  private final Timer pushOk;
  private final Timer pushError;
  private final AtomicLong openConflicts = new AtomicLong();
  private final AtomicLong auditHead = new AtomicLong();
  private HttpServer listener;

  public ServerMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    for (Outcome o : Outcome.values()) {
      items.put(o, Counter.builder("fieldsync.push.items").description("pushed revisions by"
          + " outcome").tag("outcome", o.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    pushOk = push("ok");
    pushError = push("error");
    Gauge.builder("fieldsync.conflicts.open", openConflicts, AtomicLong::get)
        .description("conflicts waiting for a sync admin").register(registry);
    Gauge.builder("fieldsync.audit.head.seq", auditHead, AtomicLong::get)
        .description("position of the audit chain's last entry").register(registry);
  }

  private Timer push(String outcome) {
    return Timer.builder("fieldsync.push").description("pushes, from queueing to commit")
        .tag("outcome", outcome).register(registry);
  }

  /** A registry for the server's and Vert.x's metrics. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** A Vert.x whose own metrics (HTTP by route and status, WebSockets, pools, JVM) go there. */
  public static Vertx vertx(MeterRegistry registry) {
    MicrometerMetricsOptions m = new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).addLabels(Label.HTTP_ROUTE, Label.HTTP_CODE);
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(m))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The store, timed. */
  public Store metered(Store store) {
    return new MeteredStore(store, registry);
  }

  /** One push's outcome: its items, or the error that failed it. */
  public void pushed(List<PushOutcome> outcomes, long nanos, Throwable error) {
    (error == null ? pushOk : pushError).record(nanos, TimeUnit.NANOSECONDS);
    if (outcomes != null) {
      outcomes.forEach(o -> items.get(o.outcome()).increment());
    }
  }

  /** One change-feed page: {@code outcome} ok, reset, invalid or error. */
  public void pulled(String outcome, long nanos) {
    Timer.builder("fieldsync.pull").description("change-feed pages").tag("outcome", outcome)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** With a port, starts serving {@code GET /metrics} there. */
  public Future<Void> start(Vertx vertx, Store store, String host, int port) {
    if (port < 0) {
      return Future.succeededFuture();
    }
    // HTTP/1.1 only, as on the public port: an h2c upgrade offer (the JDK client's default)
    // sometimes left the answer hanging.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(req -> serve(vertx, store, req))
        .listen(port, host).map(s -> {
          listener = s;
          LOG.info("metrics on http://{}:{}/metrics", host, s.actualPort());
          return null;
        });
  }

  private void serve(Vertx vertx, Store store, HttpServerRequest req) {
    if (!"/metrics".equals(req.path())) {
      req.response().setStatusCode(404).end();
      return;
    }
    // The store's gauges are read for each scrape, off the event loop; when the store cannot
    // be read the last values are served (and fieldsync_store_seconds shows the errors).
    vertx.executeBlocking(() -> store.read(tx -> {
      openConflicts.set(tx.conflicts().countOpen());
      auditHead.set(tx.audit().last().map(e -> e.seq()).orElse(0L));
      return null;
    }), false).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("metrics: cannot read the store: {}", ar.cause().getMessage());
      }
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(registry.scrape());
    });
  }

  /** The metrics listener's port, or -1. */
  public int port() {
    return listener == null ? -1 : listener.actualPort();
  }

  public Future<Void> stop() {
    return listener == null ? Future.succeededFuture() : listener.close();
  }
}
