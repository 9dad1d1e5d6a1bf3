package org.fieldsync.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestStores;

/** A real server on a random port in a temp folder (on this run's store), and a client for it. */
final class ServerFixture {
  final FieldSyncServer server;
  final WebClient client;
  private final Map<String, TestDevice> devices =
      new ConcurrentHashMap<>();

  private ServerFixture(FieldSyncServer server, WebClient client) {
    this.server = server;
    this.client = client;
  }

  static Future<ServerFixture> start(Vertx vertx, Path dir) {
    ServerConfig cfg = TestStores.on(ServerConfig.builder().port(0).dataDir(dir).demo(true)
        .argon2MemoryKib(1024).argon2Iterations(1).maxBodyBytes(256 * 1024).maxBatch(50)
        .build());
    return FieldSyncServer.start(vertx, cfg).map(s -> new ServerFixture(s,
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(s.port()))));
  }

  /** A token from a device enrolled for the user, so it may sync. */
  Future<String> token(String username) {
    Vertx vertx = Vertx.currentContext() == null ? null : Vertx.currentContext().owner();
    Callable<String> work = () -> {
      TestDevice d = TestDevice.enrol(
          server.store(), server.port(), username, username.replace('.', '-') + "-"
              + UUID.randomUUID());
      String t = d.login();
      devices.put(t, d);
      return t;
    };
    return vertx != null ? vertx.executeBlocking(work) : Future.future(p -> {
      try {
        p.complete(work.call());
      } catch (Exception e) {
        p.fail(e);
      }
    });
  }

  /** Pushes a body, its revisions made and signed by the token's device. */
  Future<HttpResponse<Buffer>> push(String token, String json) {
    TestDevice d = devices.get(token);
    String body = json;
    if (d != null) {
      try {
        PushRequest req = ProtocolCodec.decode(json, PushRequest.class);
        body = d.pushBody(req.revisions());
      } catch (RuntimeException notAPush) {
        body = json; // hostile bodies go as they are
      }
    }
    return client.post("/api/v1/sync/push").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  Future<HttpResponse<Buffer>> get(String token, String path) {
    return client.get(path).putHeader("Authorization", "Bearer " + token).send();
  }

  Future<Void> close() {
    client.close();
    return server.close().onComplete(v -> TestStores.drop(server.config()));
  }
}
