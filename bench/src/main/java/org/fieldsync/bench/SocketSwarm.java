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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tablets' side of the sockets scenario, in a process of its own (so the server's heap, RSS
 * and file descriptors are its own). Arguments: the port, then one
 * {@code group:sockets:pullers:deviceId=token} per device: that many idle poke sockets for the
 * device, of which the first {@code pullers} pull on a poke as a tablet does. Prints
 * {@code OPEN n FAILED f} once every socket is open, then {@code POKE <group> <epoch µs>} for
 * every poke received and {@code PULLED <group> <epoch µs>} for every pull answered. Ends when
 * stdin closes. Bench-only.
 */
public final class SocketSwarm {
  private SocketSwarm() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int total = 0;
    for (int i = 1; i < args.length; i++) {
      total += Integer.parseInt(args[i].split(":", 4)[1]);
    }
    Vertx vertx = Vertx.vertx();
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(total + 10).setConnectTimeout(60_000));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    Semaphore inFlight = new Semaphore(200);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 1; i < args.length; i++) {
      String[] spec = args[i].split(":", 4);
      String group = spec[0];
      int sockets = Integer.parseInt(spec[1]);
      int pullers = Integer.parseInt(spec[2]);
      String[] d = spec[3].split("=", 2);
      for (int k = 0; k < sockets; k++) {
        boolean pulls = k < pullers;
        inFlight.acquire();
        Future<?> f = ws.connect(port, "127.0.0.1", "/api/v1/sync/ws?deviceId=" + d[0]
            + "&access_token=" + d[1]).onSuccess(socket -> {
              open.incrementAndGet();
              socket.textMessageHandler(text -> {
                say("POKE " + group + " " + now());
                if (pulls) {
                  http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                      + "/api/v1/sync/changes?limit=100&deviceId=" + d[0]))
                      .timeout(Duration.ofSeconds(60))
                      .header("Authorization", "Bearer " + d[1]).build(),
                      HttpResponse.BodyHandlers.discarding())
                      .thenAccept(r -> say("PULLED " + group + " " + now()));
                }
              });
            }).onFailure(e -> failed.incrementAndGet());
        f.onComplete(x -> inFlight.release());
      }
    }
    inFlight.acquire(200);
    say("OPEN " + open.get() + " FAILED " + failed.get());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // Held open until the bench is done.
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static long now() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
