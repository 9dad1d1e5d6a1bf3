package org.fieldsync.client.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A request the {@link FakeServer} received.
 *
 * @param method HTTP method
 * @param path path without the query
 * @param query the query string, or null
 * @param headers request headers, names in lower case
 * @param body body bytes, as sent (compressed when {@code Content-Encoding} says gzip)
 * @param receivedAt when the fake server received it
 */
public record RecordedRequest(String method, String path, String query,
    Map<String, String> headers, byte[] body, Instant receivedAt) {

  /** The body as text, decompressed first when it was sent gzip-compressed. */
  public String bodyText() {
    if (!"gzip".equalsIgnoreCase(header("Content-Encoding"))) {
      return new String(body, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the body says gzip but is not", e);
    }
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** "METHOD /path", as routes are named. */
  public String route() {
    return method + " " + path;
  }
}
