package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tablet on a slow link sends its push gzip-compressed; the body limit still holds for what the
 * body becomes, and every answer says the server's time.
 */
class CompressedPushTest {
  @TempDir Path tmp;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aGzipPushIsAcceptedAndABombIsRefusedLikeAnyLargeBody() throws Exception {
    try (TestServer server = TestServer.start(tmp, ServerConfig.defaults().with(
        b -> b.maxBodyBytes(256 * 1024)))) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      Revision r = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 1,
          "Seen at home.");
      String token = alice.login();
      HttpResponse<String> ok = push(server, token, gzip(alice.pushBody(List.of(r))
          .getBytes(StandardCharsets.UTF_8)));
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals("accepted", ProtocolCodec.readTree(ok.body()).at("/outcomes/0/outcome")
          .asText());

      byte[] bomb = gzip(new byte[16 * 1024 * 1024]); // 16 MiB of zeros, ~16 KiB on the wire
      assertTrue(bomb.length < 64 * 1024);
      HttpResponse<String> refused = push(server, token, bomb);
      assertEquals(413, refused.statusCode(), refused.body());
      JsonNode problem = ProtocolCodec.readTree(refused.body());
      assertEquals("request.body.tooLarge", problem.get("code").asText());
    }
  }

  @Test
  void aBodyThatIsNotTheGzipItClaimsGetsAProblemNotADroppedConnection() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      String token = alice.login();
      Revision r = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 1,
          "Sent plain but labelled gzip.");
      HttpResponse<String> plain = push(server, token, alice.pushBody(List.of(r))
          .getBytes(StandardCharsets.UTF_8));
      assertEquals(400, plain.statusCode(), plain.body());
      assertEquals("request.body.malformed",
          ProtocolCodec.readTree(plain.body()).get("code").asText());
      byte[] whole = gzip(alice.pushBody(List.of(r)).getBytes(StandardCharsets.UTF_8));
      byte[] cut = Arrays.copyOf(whole, whole.length / 2);
      HttpResponse<String> truncated = push(server, token, cut);
      assertEquals(400, truncated.statusCode(), truncated.body());

      HttpResponse<String> brotli = client.send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "api/v1/sync/push")).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").header("Content-Encoding", "br")
          .POST(HttpRequest.BodyPublishers.ofString(alice.pushBody(List.of(r)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(415, brotli.statusCode(), brotli.body());
      assertEquals("request.contentEncoding.unsupported",
          ProtocolCodec.readTree(brotli.body()).get("code").asText());
      int stored = server.store().read(tx -> tx.revisions().revisionCount(r.id()));
      assertEquals(0, stored, "nothing of the refused pushes was stored");
      // The connection is still good for the right body.
      HttpResponse<String> ok = push(server, token, whole);
      assertEquals(200, ok.statusCode(), ok.body());
    }
  }

  @Test
  void everyAnswerCarriesTheServersTime() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      long before = System.currentTimeMillis();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
          + "api/v1/health")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      long at = Long.parseLong(r.headers().firstValue("X-Server-Time").orElseThrow());
      assertTrue(at >= before && at <= System.currentTimeMillis(), "epoch ms: " + at);
      HttpResponse<String> problem = client.send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "api/v1/nowhere")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, problem.statusCode());
      assertTrue(problem.headers().firstValue("X-Server-Time").isPresent(), "problems too");
    }
  }

  private HttpResponse<String> push(TestServer server, String token, byte[] gzipped)
      throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "api/v1/sync/push"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }
}
