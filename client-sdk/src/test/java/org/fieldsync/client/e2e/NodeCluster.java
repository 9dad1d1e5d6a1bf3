package org.fieldsync.client.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.server.auth.SharedSecrets;
import org.fieldsync.server.testing.TestStores;

/**
 * Three real server processes ({@code java ... Main serve}) on one scratch PostgreSQL database,
 * behind a real HAProxy (Debian's, installed by {@code scripts/test-prereqs.sh}) that checks each
 * node's {@code /health/ready}. Each node has its own metrics port, so a test can find which node
 * holds a WebSocket. {@link #close()} stops everything it started and drops the database.
 */
final class NodeCluster implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final String db;
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Integer> metricsPorts = new ArrayList<>();
  private Process haproxy;
  private int balancerPort;

  private NodeCluster(Path dir) {
    this.dir = dir;
    this.db = TestStores.scratch();
  }

  /** Starts {@code n} nodes and the balancer in front of them; returns when all are ready. */
  static NodeCluster start(Path dir, int n) throws Exception {
    NodeCluster c = new NodeCluster(dir);
    try {
      SharedSecrets.create(dir.resolve("secrets"), true); // once, for every node
      for (int i = 0; i < n; i++) {
        c.startNode(i); // one at a time: each loads the demo data on first start
      }
      c.startBalancer();
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  private void startNode(int i) throws Exception {
    int port = freePort();
    int metrics = freePort();
    Path config = dir.resolve("node-" + i + ".json");
    Files.writeString(config, "{\"store\":\"postgresql\",\"jdbcUrl\":\"" + TestStores.HOST_URL
        + db + "\",\"dbUser\":\"postgres\",\"dbPassword\":\"\",\"secretsDir\":\""
        + dir.resolve("secrets") + "\",\"argon2MemoryKib\":1024,\"argon2Iterations\":1,"
        + "\"metricsPort\":" + metrics + ",\"drainSeconds\":5}");
    Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "org.fieldsync.server.cli.Main", "serve", "--demo", "--port", Integer.toString(port),
        "--data", dir.resolve("data-" + i).toString(), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + i + ".log").toFile())
        .start();
    nodes.add(p);
    ports.add(port);
    metricsPorts.add(metrics);
    Fixtures.await("node " + i + " to be ready (log: node-" + i + ".log)", Duration.ofSeconds(90),
        () -> status(port, "/health/ready") == 200 || !p.isAlive());
    if (!p.isAlive()) {
      throw new AssertionError("node " + i + " stopped: " + Files.readString(
          dir.resolve("node-" + i + ".log")));
    }
  }

  private void startBalancer() throws Exception {
    balancerPort = freePort();
    StringBuilder cfg = new StringBuilder()
        .append("global\n  maxconn 512\n")
        .append("defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n")
        .append("  timeout server 60s\n  timeout tunnel 1h\n  retries 2\n")
        .append("  option redispatch\n")
        .append("frontend fieldsync\n  bind 127.0.0.1:").append(balancerPort)
        .append("\n  default_backend nodes\n")
        .append("backend nodes\n  balance roundrobin\n  option httpchk GET /health/ready\n")
        .append("  http-check expect status 200\n")
        .append("  default-server inter 300ms fall 1 rise 2\n");
    for (int i = 0; i < ports.size(); i++) {
      cfg.append("  server node").append(i).append(" 127.0.0.1:").append(ports.get(i))
          .append(" check\n");
    }
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg.toString());
    haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    Fixtures.await("the balancer to route", Duration.ofSeconds(30),
        () -> status(balancerPort, "/health/ready") == 200 || !haproxy.isAlive());
    if (!haproxy.isAlive()) {
      throw new AssertionError("haproxy stopped: " + Files.readString(
          dir.resolve("haproxy.log")));
    }
  }

  /** The balancer's URL, what the tablets are given. */
  String url() {
    return "http://127.0.0.1:" + balancerPort + "/";
  }

  /** A node's own URL, past the balancer. */
  String nodeUrl(int i) {
    return "http://127.0.0.1:" + ports.get(i) + "/";
  }

  int size() {
    return nodes.size();
  }

  boolean alive(int i) {
    return nodes.get(i).isAlive();
  }

  /** {@code kill -9}: the node dies mid-whatever, as in a power cut. */
  void kill(int i) throws InterruptedException {
    nodes.get(i).destroyForcibly().waitFor();
  }

  /**
   * SIGTERM, as {@code systemctl stop} sends: the node drains and exits. Returns its log once it
   * has exited.
   */
  String terminate(int i) throws Exception {
    Process p = nodes.get(i);
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("node " + i + " did not stop within 60 s of SIGTERM");
    }
    return Files.readString(dir.resolve("node-" + i + ".log"));
  }

  /** WebSockets open on a node now, from its metrics. */
  int webSockets(int i) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + metricsPorts.get(i) + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("(?m)^vertx_http_server_active_ws_connections(?:\\{[^}]*\\})?"
          + " ([0-9.]+)$").matcher(r.body());
      int n = 0;
      while (m.find()) {
        n += (int) Double.parseDouble(m.group(1));
      }
      return n;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  /** One number from the shared database. */
  long count(String sql) {
    try (Connection c = TestStores.connect(TestStores.HOST_URL + db);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static int status(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (haproxy != null) {
      haproxy.destroy();
    }
    for (Process p : nodes) {
      p.destroyForcibly();
    }
    for (Process p : nodes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    TestStores.drop(db);
  }
}
