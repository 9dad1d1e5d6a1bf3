package org.fieldsync.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tablets' side of the sockets scenario, in a process of its own (so the server's heap, RSS
 * and file descriptors are its own): opens N idle poke sockets spread over the given devices,
 * says {@code OPEN n}, then prints {@code POKE <epoch µs>} for every poke received and, for the
 * first {@code sample} sockets, pulls on the poke as a tablet does and prints {@code PULLED
 * <epoch µs>}. Ends when stdin closes. Arguments: port, sockets, sample, then
 * {@code deviceId=token} pairs. Bench-only.
 */
public final class SocketSwarm {
  private SocketSwarm() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int sample = Integer.parseInt(args[2]);
    List<String[]> devices = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      devices.add(args[i].split("=", 2));
    }
    Vertx vertx = Vertx.vertx();
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(n + 10).setConnectTimeout(60_000));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Semaphore inFlight = new Semaphore(200);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      String[] d = devices.get(i % devices.size());
      boolean pulls = i < sample;
      inFlight.acquire();
      Future<?> f = ws.connect(port, "127.0.0.1", "/api/v1/sync/ws?deviceId=" + d[0]
          + "&access_token=" + d[1]).onSuccess(socket -> {
            open.incrementAndGet();
            socket.textMessageHandler(text -> {
              System.out.println("POKE " + now());
              if (pulls) {
                http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/sync/changes?limit=100&deviceId=" + d[0]))
                    .header("Authorization", "Bearer " + d[1]).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> System.out.println("PULLED " + now()));
              }
            });
          }).onFailure(e -> failed.incrementAndGet());
      f.onComplete(x -> inFlight.release());
    }
    inFlight.acquire(200);
    System.out.println("OPEN " + open.get() + " FAILED " + failed.get());
    System.out.flush();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // Held open until the bench is done.
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static long now() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
