package org.fieldsync.client.fake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A request the {@link FakeServer} received.
 *
 * @param method HTTP method
 * @param path path without the query
 * @param query the query string, or null
 * @param headers request headers, names in lower case
 * @param body body bytes
 * @param receivedAt when the fake server received it
 */
public record RecordedRequest(String method, String path, String query,
    Map<String, String> headers, byte[] body, Instant receivedAt) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** "METHOD /path", as routes are named. */
  public String route() {
    return method + " " + path;
  }
}
