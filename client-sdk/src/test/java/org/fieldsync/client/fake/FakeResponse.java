package org.fieldsync.client.fake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted answer of the {@link FakeServer}: a status, headers and a body, or one of the ways
 * a real network fails (a half-written body, a dropped connection), and something to do just
 * before answering (send a poke, say). Immutable; each {@code with…} returns a copy.
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body body bytes
 * @param failure how the answer goes wrong, if it does
 * @param before run on the server just before the answer is written
 */
public record FakeResponse(int status, Map<String, String> headers, byte[] body, Failure failure,
    Runnable before) {

  /** How an answer can go wrong on the wire. */
  public enum Failure {
    /** Answered in full. */
    NONE,
    /** Headers promise the whole body; half of it is written, then the connection closes. */
    HALF_WRITTEN,
    /** The connection closes without any answer. */
    DROPPED
  }

  public FakeResponse {
    headers = Map.copyOf(headers);
  }

  /** A JSON answer. */
  public static FakeResponse json(int status, String json) {
    return new FakeResponse(status, Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8), Failure.NONE, () -> { });
  }

  /** A problem answer, as the real server gives one. */
  public static FakeResponse problem(int status, String code, String message) {
    return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message
        + "\",\"requestId\":\"fake\"}");
  }

  /** A body that is not JSON at all (a proxy's error page). */
  public static FakeResponse text(int status, String text) {
    return new FakeResponse(status, Map.of("Content-Type", "text/html"),
        text.getBytes(StandardCharsets.UTF_8), Failure.NONE, () -> { });
  }

  /** The connection closes without an answer. */
  public static FakeResponse dropped() {
    return new FakeResponse(0, Map.of(), new byte[0], Failure.DROPPED, () -> { });
  }

  public FakeResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new FakeResponse(status, h, body, failure, before);
  }

  /** This answer, but only half of its body is written before the connection closes. */
  public FakeResponse halfWritten() {
    return new FakeResponse(status, headers, body, Failure.HALF_WRITTEN, before);
  }

  /** Runs {@code action} on the server just before this answer is written. */
  public FakeResponse after(Runnable action) {
    return new FakeResponse(status, headers, body, failure, action);
  }
}
