package org.fieldsync.client.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scriptable stand-in for the FieldSync server, in the spirit of OkHttp's MockWebServer: real
 * HTTP and WebSocket on a random loopback port, answers queued per route ({@link #enqueue}) or
 * fixed ({@link #always}), every request recorded for assertions ({@link #takeRequest}), and
 * pokes sent on demand ({@link #poke}). It speaks only what a test scripts; a route with nothing
 * scripted answers 404 {@code route.notFound}.
 *
 * <p>Vert.x rather than the JDK's {@code com.sun.net.httpserver}: the SDK's poke socket is a
 * WebSocket, which the JDK server cannot serve, and a half-written body needs the connection in
 * hand. Vert.x is already on the test classpath with the real server.
 */
public final class FakeServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Deque<Function<RecordedRequest, FakeResponse>>> queued =
      new HashMap<>();
  private final Map<String, Function<RecordedRequest, FakeResponse>> fixed = new HashMap<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> all = new CopyOnWriteArrayList<>();
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private FakeServer() {
    server = await(vertx.createHttpServer()
        .webSocketHandler(this::socket)
        .requestHandler(this::handle)
        .listen(0, "127.0.0.1"));
  }

  /** Starts a fake server on a random loopback port. */
  public static FakeServer start() {
    return new FakeServer();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234/}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/";
  }

  public int port() {
    return server.actualPort();
  }

  /** Answers the next request to {@code route} ("POST /api/v1/sync/push") with {@code r}. */
  public FakeServer enqueue(String route, FakeResponse r) {
    return enqueue(route, req -> r);
  }

  /** Answers the next request to {@code route} with what {@code answer} makes of it. */
  public synchronized FakeServer enqueue(String route,
      Function<RecordedRequest, FakeResponse> answer) {
    queued.computeIfAbsent(route, k -> new ArrayDeque<>()).add(answer);
    return this;
  }

  /** Answers every request to {@code route} with {@code r} once its queue is empty. */
  public FakeServer always(String route, FakeResponse r) {
    return always(route, req -> r);
  }

  /** Answers every request to {@code route} with what {@code answer} makes of it. */
  public synchronized FakeServer always(String route,
      Function<RecordedRequest, FakeResponse> answer) {
    fixed.put(route, answer);
    return this;
  }

  /** The next request received, waiting up to {@code max}; fails the test if none came. */
  public RecordedRequest takeRequest(Duration max) {
    try {
      RecordedRequest r = requests.poll(max.toMillis(), TimeUnit.MILLISECONDS);
      if (r == null) {
        throw new AssertionError("no request within " + max);
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Every request received so far to {@code route}, in order. */
  public List<RecordedRequest> requests(String route) {
    return all.stream().filter(r -> r.route().equals(route)).toList();
  }

  /** Every request received so far, in order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(all);
  }

  /** Sends a poke to every open poke socket; how many there were. */
  public int poke() {
    for (ServerWebSocket ws : sockets) {
      ws.writeTextMessage("{\"type\":\"poke\"}");
    }
    return sockets.size();
  }

  /** How many poke sockets are open now. */
  public int openSockets() {
    return sockets.size();
  }

  private void socket(ServerWebSocket ws) {
    if (!ws.path().equals("/api/v1/sync/ws")) {
      ws.close((short) 1008, "no such socket");
      return;
    }
    sockets.add(ws);
    ws.closeHandler(v -> sockets.remove(ws));
  }

  private void handle(HttpServerRequest req) {
    req.body().onComplete(ar -> {
      byte[] body = ar.succeeded() ? ar.result().getBytes() : new byte[0];
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
          e.getValue()));
      RecordedRequest rec = new RecordedRequest(req.method().name(), req.path(), req.query(),
          headers, body, Instant.now());
      all.add(rec);
      requests.add(rec);
      FakeResponse r = next(rec.route()).apply(rec);
      // Off the event loop: a scripted action may block (wait for the SDK to react).
      vertx.executeBlocking(() -> {
        r.before().run();
        return null;
      }).onComplete(done -> answer(req, r));
    });
  }

  private synchronized Function<RecordedRequest, FakeResponse> next(String route) {
    Deque<Function<RecordedRequest, FakeResponse>> q = queued.get(route);
    if (q != null && !q.isEmpty()) {
      return q.poll();
    }
    Function<RecordedRequest, FakeResponse> f = fixed.get(route);
    return f != null ? f
        : req -> FakeResponse.problem(404, "route.notFound", "not scripted: " + route);
  }

  private static void answer(HttpServerRequest req, FakeResponse r) {
    if (r.failure() == FakeResponse.Failure.DROPPED) {
      req.connection().close();
      return;
    }
    var resp = req.response().setStatusCode(r.status());
    r.headers().forEach(resp::putHeader);
    if (r.failure() == FakeResponse.Failure.HALF_WRITTEN) {
      resp.putHeader("Content-Length", Integer.toString(r.body().length));
      resp.write(Buffer.buffer(r.body()).slice(0, r.body().length / 2))
          .onComplete(x -> req.connection().close());
      return;
    }
    resp.end(Buffer.buffer(r.body()));
  }

  @Override
  public void close() {
    for (ServerWebSocket ws : new ArrayList<>(sockets)) {
      ws.close();
    }
    await(server.close());
    await(vertx.close());
  }

  /** Closes every open poke socket (the server went away for a moment). */
  public void closeSockets() {
    for (ServerWebSocket ws : new ArrayList<>(sockets)) {
      ws.close();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake server operation failed", e);
    }
  }
}
