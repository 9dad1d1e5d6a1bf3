package org.fieldsync.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;

/** A real server on a random port in a temp folder, and a web client for it. */
final class ServerFixture {
  final FieldSyncServer server;
  final WebClient client;

  private ServerFixture(FieldSyncServer server, WebClient client) {
    this.server = server;
    this.client = client;
  }

  static Future<ServerFixture> start(Vertx vertx, Path dir) {
    ServerConfig cfg = ServerConfig.defaults().withPort(0).withDataDir(dir).withDemo(true)
        .withArgon2(1024, 1).withLimits(256 * 1024, 50);
    return FieldSyncServer.start(vertx, cfg).map(s -> new ServerFixture(s,
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(s.port()))));
  }

  Future<String> token(String username) {
    return client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("username", username).put("password", "demo-password-1"))
        .map(r -> r.bodyAsJsonObject().getString("token"));
  }

  Future<HttpResponse<Buffer>> push(String token, String json) {
    return client.post("/api/v1/sync/push").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json));
  }

  Future<HttpResponse<Buffer>> get(String token, String path) {
    return client.get(path).putHeader("Authorization", "Bearer " + token).send();
  }

  Future<Void> close() {
    client.close();
    return server.close();
  }
}
