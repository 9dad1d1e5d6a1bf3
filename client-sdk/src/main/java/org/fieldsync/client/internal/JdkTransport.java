package org.fieldsync.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldsync.client.spi.Transport;

/**
 * The desktop JVM transport, on {@code java.net.http}: no extra dependency. HTTP/1.1 is forced
 * because a cleartext HTTP/2 upgrade attempt adds headers to every request for nothing on a
 * loopback or TLS-terminated link.
 */
public final class JdkTransport implements Transport {
  private final HttpClient client;
  private final Duration requestTimeout;

  public JdkTransport(Duration connectTimeout, Duration requestTimeout) {
    this(connectTimeout, requestTimeout, null);
  }

  /**
   * A transport that, when {@code pinnedKeySha256} is given, accepts only a server whose
   * certificate's public key (SubjectPublicKeyInfo) has that SHA-256 (base64): a self-signed or
   * private-CA certificate works, and a certificate from any other key is refused even if a
   * public CA signed it. The host name is still checked against the certificate.
   */
  public JdkTransport(Duration connectTimeout, Duration requestTimeout, String pinnedKeySha256) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout);
    if (pinnedKeySha256 != null) {
      b.sslContext(PinnedTrust.context(pinnedKeySha256));
    }
    this.client = b.build();
    this.requestTimeout = requestTimeout;
  }

  /** The public-key pin of a certificate, for {@code FieldSyncBuilder#pinnedCertificate}. */
  public static String pinOf(X509Certificate certificate) {
    return PinnedTrust.pinOf(certificate);
  }

  /** Checks a public-key pin's form; {@code client.config.invalid} if it is not one. */
  public static void checkPin(String pin) {
    PinnedTrust.decode(pin);
  }

  @Override
  public Response send(Request request) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.uri())
            .timeout(requestTimeout)
            .header("Accept", "application/json");
    request.headers().forEach(b::header);
    if (request.bearerToken() != null) {
      b.header("Authorization", "Bearer " + request.bearerToken());
    }
    if (request.body() != null) {
      if (!request.headers().containsKey("Content-Type")) {
        b.header("Content-Type", "application/json");
      }
      b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    } else {
      b.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new HashMap<>();
      r.headers().map().forEach((k, v) -> {
        if (!v.isEmpty()) {
          headers.put(k, v.get(0));
        }
      });
      return new Response(r.statusCode(), r.body() == null ? new byte[0] : r.body(), headers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public PokeSocket openPokes(URI uri, String bearerToken, PokeListener listener)
      throws IOException {
    AtomicBoolean closedOnce = new AtomicBoolean();
    WebSocket.Listener wsListener =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String msg = partial.toString();
              partial.setLength(0);
              listener.onPoke(msg);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (closedOnce.compareAndSet(false, true)) {
              listener.onClosed(null);
            }
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            if (closedOnce.compareAndSet(false, true)) {
              listener.onClosed(error);
            }
          }
        };
    CompletableFuture<WebSocket> f =
        client
            .newWebSocketBuilder()
            .connectTimeout(requestTimeout)
            .header("Authorization", "Bearer " + bearerToken)
            .buildAsync(uri, wsListener);
    WebSocket ws;
    try {
      ws = f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("poke socket could not open: " + e.getMessage(), e);
    }
    return () -> {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      ws.abort();
      if (closedOnce.compareAndSet(false, true)) {
        listener.onClosed(null);
      }
    };
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads are daemon and idle out.
  }
}
