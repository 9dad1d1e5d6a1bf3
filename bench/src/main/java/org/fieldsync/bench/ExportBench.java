package org.fieldsync.bench;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.store.ExportEntry;

/**
 * {@code java -jar bench/target/fieldsync-bench.jar export N}: N visits pushed by five tablets
 * to a server (in-process, SQLite) whose outbox exports each to an HTTP receiver that fails 30%
 * of requests at random and answers in 0 to 20 ms. Prints the export throughput (records
 * delivered per second, from the first push to the last delivery) and the delivery lag (from
 * the revision's commit to the receiver's first acceptance) p50 and p99. Figures, not pass/fail.
 */
final class ExportBench {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Long> firstAccepted = new ConcurrentHashMap<>();
  private final Random random = new Random(20261202L);

  void run(int n) throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    receiver.setExecutor(Executors.newFixedThreadPool(8));
    receiver.createContext("/", x -> {
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      int delay;
      boolean fail;
      synchronized (random) {
        delay = random.nextInt(21);
        fail = random.nextDouble() < 0.3;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay)); // a slow receiver
      if (!fail) {
        String key = x.getRequestHeaders().getFirst("Idempotency-Key");
        firstAccepted.putIfAbsent(key, System.currentTimeMillis());
      }
      byte[] out = (fail ? "try later" : "ok").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(fail ? 503 : 200, out.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(out);
      }
      body = null;
    });
    receiver.start();
    Path dir = Files.createTempDirectory("fieldsync-export-bench");
    Path exports = dir.resolve("exports.json");
    Files.writeString(exports, "{\"sinks\":[{\"name\":\"cms\",\"kind\":\"http\",\"url\":"
        + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/in\"}],"
        + "\"backoffMillis\":50,\"maxBackoffMillis\":1000,\"pollMillis\":50,\"batch\":50,"
        + "\"concurrency\":8,\"maxAttempts\":1000}");
    Vertx vertx = Vertx.vertx();
    ServerConfig cfg = ServerConfig.builder().port(0).dataDir(dir.resolve("data")).demo(true)
        .exports(exports.toString()).build();
    FieldSyncServer server = FieldSyncServer.start(vertx, cfg).toCompletionStage()
        .toCompletableFuture().get(2, TimeUnit.MINUTES);
    String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
    System.out.printf("FieldSync export benchmark: %d cores, Java %s, embedded SQLite, server"
        + " in-process, receiver failing 30%% at random and answering in 0-20 ms, %d visits%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), n);
    String[][] workers = {{"fw.alice", "u-alice", "case-0001", "child-0001"},
        {"fw.bea", "u-bea", "case-0001", "child-0002"}, {"fw.carl", "u-carl", "case-0003",
            "child-0004"}, {"sw.dan", "u-dan", "case-0001", "child-0001"},
        {"fw.hana", "u-hana", "case-0005", "child-0007"}};
    long t0 = System.currentTimeMillis();
    int sent = 0;
    for (int i = 0; sent < n; i++) {
      String[] w = workers[i % workers.length];
      BenchDevice d = BenchDevice.enrol(http, server, w[0], "export-bench-" + i);
      String token = d.login(http, base);
      int size = Math.min(100, n - sent);
      List<Revision> revs = new ArrayList<>();
      for (int k = 0; k < size; k++) {
        List<String> kids = List.of(w[3]);
        revs.add(Revisions.next(UuidV7.generate(), RecordType.VISIT, w[2], kids, null, false, 1,
            w[1], d.deviceId, new Hlc(1_700_000_000_000L + sent + k, 0, d.deviceId),
            ProtocolCodec.encodeBody(Bench.visit(kids, "Fictional visit " + (sent + k)))));
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "sync/push"))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofByteArray(d.push(revs))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("push failed: " + r.body());
      }
      sent += size;
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (firstAccepted.size() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    long t1 = System.currentTimeMillis();
    List<ExportEntry> entries = server.store().read(tx -> tx.exports().list(null, n + 10));
    double[] lags = new double[entries.size()];
    int i = 0;
    for (ExportEntry e : entries) {
      Long at = firstAccepted.get(e.key());
      lags[i++] = at == null ? Double.NaN : at - e.createdAt();
    }
    System.out.printf("%-44s %12s %12s %12s%n", "scenario", "records/s", "lag p50 ms",
        "lag p99 ms");
    System.out.printf("%-44s %12.0f %12.0f %12.0f%n", "export: " + n + " visits, 30% failures",
        firstAccepted.size() * 1000.0 / Math.max(1, t1 - t0), Stats.percentile(lags, 50),
        Stats.percentile(lags, 99));
    System.out.printf("%ndelivered %d of %d exportable revisions (%d entries in the outbox)%n",
        firstAccepted.size(), n, entries.size());
    server.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    receiver.stop(0);
    vertx.close();
  }
}
