package org.fieldsync.client.e2e;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.spi.Transport;

/**
 * The SDK's real JDK transport, noting every exchange with the real server (method, path and
 * query, the request's headers, the answer's status), so a test can say what went over the wire:
 * that a push was compressed, that a pull was answered 410 and the next one asked from the start.
 */
final class RecordingTransport implements Transport {
  /**
   * One request and the status it was answered with (0 when no answer came).
   *
   * @param method HTTP method
   * @param target path and query
   * @param headers the request's own headers (names in lower case)
   * @param status the answer's status
   * @param answerEncoding the answer's {@code Content-Encoding}, or null
   */
  record Exchange(String method, String target, Map<String, String> headers, int status,
      String answerEncoding) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
  }

  private final Transport real = new JdkTransport(Duration.ofSeconds(2), Duration.ofSeconds(20));
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  @Override
  public Response send(Request request) throws IOException {
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    String target = request.uri().getRawPath()
        + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
    try {
      Response r = real.send(request);
      exchanges.add(new Exchange(request.method(), target, Map.copyOf(headers), r.status(),
          r.header("Content-Encoding")));
      return r;
    } catch (IOException e) {
      exchanges.add(new Exchange(request.method(), target, Map.copyOf(headers), 0, null));
      throw e;
    }
  }

  @Override
  public PokeSocket openPokes(URI uri, String bearerToken, PokeListener listener)
      throws IOException {
    return real.openPokes(uri, bearerToken, listener);
  }

  /** The exchanges so far whose path is {@code path}, in order. */
  List<Exchange> to(String path) {
    return exchanges.stream().filter(e -> e.path().equals(path)).toList();
  }

  /** Forgets the exchanges so far. */
  void clear() {
    exchanges.clear();
  }

  @Override
  public void close() {
    real.close();
  }
}
