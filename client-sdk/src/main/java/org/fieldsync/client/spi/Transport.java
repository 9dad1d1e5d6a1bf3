package org.fieldsync.client.spi;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the SDK talks to the server: blocking HTTP requests and a poke socket. The desktop default
 * uses {@code java.net.http}; an Android build plugs in OkHttp here. Implementations must be
 * thread-safe.
 */
public interface Transport extends AutoCloseable {

  /**
   * Sends one request and returns the response, whatever its status.
   *
   * @throws IOException when no response arrived; the request may or may not have reached the
   *     server
   */
  Response send(Request request) throws IOException;

  /**
   * Opens a WebSocket that calls {@code listener.onPoke()} for every poke and {@code
   * listener.onClosed} once when it closes or fails.
   */
  PokeSocket openPokes(URI uri, String bearerToken, PokeListener listener) throws IOException;

  /** Releases the transport's resources; no call follows. */
  @Override
  void close();

  /**
   * An HTTP request.
   *
   * @param method GET, POST, PUT or DELETE
   * @param uri absolute URI
   * @param bearerToken token for the Authorization header, or null
   * @param body JSON body, or null
   * @param headers further request headers (the device's report of itself), never null
   */
  record Request(String method, URI uri, String bearerToken, byte[] body,
      Map<String, String> headers) {
    public Request {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A request without further headers. */
    public Request(String method, URI uri, String bearerToken, byte[] body) {
      this(method, uri, bearerToken, body, Map.of());
    }
  }

  /**
   * An HTTP response.
   *
   * @param status HTTP status
   * @param body body bytes, never null
   * @param headers response headers the SDK reads (such as {@code Retry-After}), names in lower
   *     case, first value of each; never null
   */
  record Response(int status, byte[] body, Map<String, String> headers) {
    public Response {
      Map<String, String> lower = new HashMap<>();
      if (headers != null) {
        headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
      }
      headers = Map.copyOf(lower);
    }

    /** A response without headers. */
    public Response(int status, byte[] body) {
      this(status, body, Map.of());
    }

    /** A header's value, by case-insensitive name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Receives poke-socket events. Must be fast and must not throw. */
  interface PokeListener {
    /** A poke arrived: there is something new to pull. */
    void onPoke(String message);

    /** The socket closed or failed ({@code cause} null for a clean close); called once. */
    void onClosed(Throwable cause);
  }

  /** An open poke socket. */
  interface PokeSocket extends AutoCloseable {
    /** Closes the socket; {@link PokeListener#onClosed} follows. */
    @Override
    void close();
  }
}
