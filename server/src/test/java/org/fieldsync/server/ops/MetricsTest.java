package org.fieldsync.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the metrics port (never the public one) in Prometheus text: pushes and
 * their items by outcome, pulls, store latency, open conflicts, the audit chain's head and the
 * WebSockets open, each moving with what the server did.
 */
class MetricsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  @TempDir Path tmp;

  @Test
  void theMetricsPortServesPushesPullsStoreConflictsAuditAndSockets() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"),
        ServerConfig.builder().metricsPort(0).build())) {
      int port = server.server().metricsPort();
      assertTrue(port > 0 && port != server.port(), "a port of its own");
      assertEquals(404, get(server.port(), "/metrics").statusCode(), "not on the public port");

      TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "m-1");
      String token = tablet.login();
      Api api = new Api(server.port());
      api.push(tablet, Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "m-1", 1_000,
          "Seen at home."));
      assertEquals(200, api.send("GET", "/api/v1/sync/changes", token, null).status());
      WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/sync/ws"),
              new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
      try {
        String text = awaitScrape(port, "fieldsync_audit_head_seq");
        assertEquals(1.0, value(text, "fieldsync_push_items_total\\{outcome=\"accepted\"\\}"));
        assertEquals(1.0, value(text, "fieldsync_push_seconds_count\\{outcome=\"ok\"\\}"));
        assertTrue(value(text, "fieldsync_pull_seconds_count\\{outcome=\"ok\"\\}") >= 1);
        assertTrue(value(text, "fieldsync_store_seconds_count\\{op=\"write\",outcome=\"ok\"\\}")
            >= 1);
        assertEquals(0.0, value(text, "fieldsync_conflicts_open"));
        assertTrue(value(text, "vertx_http_server_active_ws_connections") >= 1, text);
        assertTrue(value(text, "fieldsync_audit_head_seq") >= 1, "the push was audited");
      } finally {
        ws.abort();
      }
    }
  }

  /** Scrapes until the store gauges have been read once (they refresh off the request path). */
  private static String awaitScrape(int port, String gauge) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      HttpResponse<String> r = get(port, "/metrics");
      assertEquals(200, r.statusCode());
      if (r.body().contains(gauge) && value(r.body(), gauge) > 0) {
        return r.body();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + gauge + " in:\n" + r.body());
      }
      // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
        .matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + series + " in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
