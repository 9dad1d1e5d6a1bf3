package org.fieldsync.bench;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.SharedSecrets;

/**
 * The store dimension: the same push and pull load on SQLite, on PostgreSQL with one node, and
 * on PostgreSQL with three nodes behind HAProxy, printed side by side from one run. Needs the
 * local PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and Debian's haproxy, as the tests
 * do; each setup gets a fresh database, dropped after. The nodes run in this JVM (each with its
 * own Vert.x), so all of them and the load generator share the machine's cores.
 */
final class StoreBench {
  private static final int DEVICES = 30;
  private static final int BATCHES = 5;
  private static final int PER_BATCH = 100;
  private static final int PULLERS = 10;
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String[][] WORKERS = {
    {"fw.alice", "u-alice", "case-0001", "child-0001"},
    {"fw.bea", "u-bea", "case-0001", "child-0002"},
    {"sw.dan", "u-dan", "case-0001", "child-0001"},
  };

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** Push and pull figures of one setup. */
  private record Figures(String store, double pushPerSecond, double pushP50, double pushP99,
      double pullPerSecond) {}

  void run() throws Exception {
    System.out.printf("%nStore dimension: %d devices x %d batches x %d records pushed at once,"
        + " then %d tablets each pulling the whole feed (page 1000)%n", DEVICES, BATCHES,
        PER_BATCH, PULLERS);
    List<Figures> rows = new ArrayList<>();
    rows.add(setup("SQLite, 1 node", 1, false));
    rows.add(setup("PostgreSQL, 1 node", 1, true));
    rows.add(setup("PostgreSQL, 3 nodes + HAProxy", 3, true));
    System.out.printf("%-32s %12s %12s %12s %14s%n", "store", "push rec/s", "batch p50 ms",
        "batch p99 ms", "pull rec/s");
    for (Figures f : rows) {
      System.out.printf("%-32s %12.0f %12.1f %12.1f %14.0f%n", f.store(), f.pushPerSecond(),
          f.pushP50(), f.pushP99(), f.pullPerSecond());
    }
  }

  private Figures setup(String name, int nodes, boolean postgres) throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-store");
    String db = "fieldsync_bench_" + ProcessHandle.current().pid() + "_" + nodes;
    if (postgres) {
      admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      admin("CREATE DATABASE " + db);
    }
    SharedSecrets.create(dir.resolve("secrets"), true);
    List<Vertx> vertxes = new ArrayList<>();
    List<FieldSyncServer> servers = new ArrayList<>();
    Process haproxy = null;
    try {
      for (int i = 0; i < nodes; i++) {
        ServerConfig.Builder b = ServerConfig.builder().port(0).demo(true)
            .dataDir(dir.resolve("node-" + i)).secretsDir(dir.resolve("secrets"));
        if (postgres) {
          b.store("postgresql").jdbcUrl(PG + db).dbUser("postgres").dbPassword("");
        }
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        servers.add(FieldSyncServer.start(v, b.build()).toCompletionStage()
            .toCompletableFuture().get(2, TimeUnit.MINUTES));
      }
      int port = servers.get(0).port();
      if (nodes > 1) {
        port = freePort();
        haproxy = haproxy(dir, port, servers);
      }
      return measure(name, servers.get(0), "http://127.0.0.1:" + port + "/api/v1/");
    } finally {
      if (haproxy != null) {
        haproxy.destroy();
        haproxy.waitFor();
      }
      for (int i = 0; i < servers.size(); i++) {
        servers.get(i).close().await(60, TimeUnit.SECONDS);
        vertxes.get(i).close().await(60, TimeUnit.SECONDS);
      }
      if (postgres) {
        admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  private Figures measure(String name, FieldSyncServer enrolOn, String base) throws Exception {
    String[] tokens = new String[DEVICES];
    List<List<byte[]>> bodies = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      String[] w = WORKERS[d % WORKERS.length];
      BenchDevice dev = BenchDevice.enrol(http, enrolOn, w[0], "store-" + d);
      tokens[d] = dev.login(http, base);
      List<byte[]> batches = new ArrayList<>();
      for (int n = 0; n < BATCHES; n++) {
        batches.add(dev.push(visits(w[1], "store-" + d, w[2], w[3], n)));
      }
      bodies.add(batches);
    }
    double[] latency = new double[DEVICES * BATCHES];
    long t0 = System.nanoTime();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      int dev = d;
      all.add(CompletableFuture.runAsync(() -> {
        for (int n = 0; n < BATCHES; n++) {
          long start = System.nanoTime();
          HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "sync/push"))
              .header("Authorization", "Bearer " + tokens[dev])
              .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(dev).get(n))).build());
          latency[dev * BATCHES + n] = (System.nanoTime() - start) / 1e6;
          PushResponse resp = ProtocolCodec.decode(r.body(), PushResponse.class);
          check(r.statusCode() == 200 && resp.outcomes().stream()
              .allMatch(o -> o.outcome() == Outcome.ACCEPTED), "every record is accepted");
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double pushed = DEVICES * BATCHES * PER_BATCH / ((System.nanoTime() - t0) / 1e9);

    long t1 = System.nanoTime();
    List<CompletableFuture<Integer>> pulls = new ArrayList<>();
    for (int p = 0; p < PULLERS; p++) {
      String token = tokens[p];
      pulls.add(CompletableFuture.supplyAsync(() -> pullAll(base, token)));
    }
    int pulled = 0;
    for (CompletableFuture<Integer> p : pulls) {
      pulled += p.get(10, TimeUnit.MINUTES);
    }
    double pullRate = pulled / ((System.nanoTime() - t1) / 1e9);
    check(pulled >= PULLERS * DEVICES * BATCHES * PER_BATCH, "every puller got every record");
    return new Figures(name, pushed, Stats.percentile(latency, 50),
        Stats.percentile(latency, 99), pullRate);
  }

  private int pullAll(String base, String token) {
    int n = 0;
    String since = null;
    while (true) {
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base
          + "sync/changes?limit=1000" + (since == null ? "" : "&since=" + since)))
          .header("Authorization", "Bearer " + token).build());
      check(r.statusCode() == 200, "pull answered " + r.statusCode());
      ChangesPage page = ProtocolCodec.decode(r.body(), ChangesPage.class);
      n += page.changes().size();
      since = page.checkpoint();
      if (!page.hasMore()) {
        return n;
      }
    }
  }

  private HttpResponse<byte[]> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Process haproxy(Path dir, int port, List<FieldSyncServer> servers)
      throws Exception {
    StringBuilder cfg = new StringBuilder("defaults\n  mode http\n  timeout connect 2s\n"
        + "  timeout client 5m\n  timeout server 5m\nfrontend fieldsync\n  bind 127.0.0.1:"
        + port + "\n  default_backend nodes\nbackend nodes\n  balance roundrobin\n"
        + "  option httpchk GET /health/ready\n");
    for (int i = 0; i < servers.size(); i++) {
      cfg.append("  server node").append(i).append(" 127.0.0.1:").append(servers.get(i).port())
          .append(" check inter 1s\n");
    }
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg.toString());
    Process p = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    HttpClient probe = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    p.destroy();
    throw new IllegalStateException("haproxy did not come up; see " + dir.resolve("haproxy.log"));
  }

  private static List<Revision> visits(String author, String device, String caseId, String kid,
      int batch) {
    List<Revision> out = new ArrayList<>(PER_BATCH);
    List<String> kids = List.of(kid);
    for (int i = 0; i < PER_BATCH; i++) {
      out.add(Revisions.next(UuidV7.generate(), RecordType.VISIT, caseId, kids, null, false, 1,
          author, device, new Hlc(1_700_000_000_000L + batch * PER_BATCH + i, 0, device),
          ProtocolCodec.encodeBody(Bench.visit(kids, "Fictional visit " + batch + "/" + i))));
    }
    return out;
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }
}
