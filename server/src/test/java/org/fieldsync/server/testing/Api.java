package org.fieldsync.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;

/**
 * The HTTP API of a running test server, in the terms tests speak: sign in as a demo user, push
 * as an enrolled device, send JSON. Every call is a real request on a real socket.
 */
public final class Api {
  private final int port;
  /** Device tokens, so a test that pushes often signs in once per device. */
  private final Map<String, String> deviceTokens = new ConcurrentHashMap<>();

  public Api(int port) {
    this.port = port;
  }

  /** Signs in as a demo user (password {@code demo-password-1}) without a device. */
  public String token(String username) {
    RawHttp.Response r = send("POST", "/api/v1/auth/login", null,
        "{\"username\":\"" + username + "\",\"password\":\"demo-password-1\"}");
    if (r.status() != 200) {
      throw new IllegalStateException("login of " + username + " failed: " + r.body());
    }
    return json(r).get("token").asText();
  }

  /** Pushes revisions from a device (signed in from it); the whole push answer. */
  public JsonNode push(TestDevice device, List<Revision> revisions) {
    RawHttp.Response r = send("POST", "/api/v1/sync/push",
        deviceTokens.computeIfAbsent(device.deviceId(), k -> device.login()),
        device.pushBody(revisions));
    if (r.status() != 200) {
      throw new IllegalStateException("push failed: " + r.status() + " " + r.body());
    }
    return json(r);
  }

  /** Pushes one revision; its outcome. */
  public JsonNode push(TestDevice device, Revision revision) {
    return push(device, List.of(revision)).get("outcomes").get(0);
  }

  /** A request with an optional bearer token and an optional JSON body. */
  public RawHttp.Response send(String method, String path, String token, String jsonBody) {
    Map<String, String> h = new HashMap<>();
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    if (jsonBody != null) {
      h.put("Content-Type", "application/json");
    }
    try {
      return RawHttp.send(port, method, path, h, jsonBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET as {@code username}, answered 200, as JSON. */
  public JsonNode get(String username, String path) {
    RawHttp.Response r = send("GET", path, token(username), null);
    if (r.status() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.status() + " " + r.body());
    }
    return json(r);
  }

  public static JsonNode json(RawHttp.Response r) {
    return ProtocolCodec.readTree(r.body());
  }

  /** A JSON body from alternating keys and values. */
  public static String body(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return ProtocolCodec.encodeToString(m);
  }
}
