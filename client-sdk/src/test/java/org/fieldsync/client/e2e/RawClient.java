package org.fieldsync.client.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;

/** Protocol-level HTTP for assertions the SDK does not expose (timeline, raw pushes, admin). */
final class RawClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private final String base;

  RawClient(String base) {
    this.base = base;
  }

  String token(String username) {
    Response r = send("POST", "api/v1/auth/login", null,
        ProtocolCodec.encodeToString(new LoginRequest(username, Fixtures.PASSWORD, null)));
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.body());
    }
    return ProtocolCodec.decode(r.body(), LoginResponse.class).token();
  }

  Response send(String method, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  <T> T get(String path, String token, Class<T> type) {
    Response r = send("GET", path, token, null);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.status() + ": " + r.body());
    }
    return ProtocolCodec.decode(r.body(), type);
  }

  record Response(int status, String body) {}
}
