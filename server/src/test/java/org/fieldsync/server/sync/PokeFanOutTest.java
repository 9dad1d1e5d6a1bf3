package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change to a case pokes every open socket of everyone holding it, however many there are
 * (they are written a slice at a time, so the event loop is never held for all of them), and
 * nobody else's, nor the device that made the change.
 */
class PokeFanOutTest {
  @TempDir Path tmp;

  @Test
  void everySocketOfTheCasesHoldersIsPokedAndNoOtherIs() throws Exception {
    int many = PokeHub.SLICE * 2 + 17; // three slices
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      Vertx client = Vertx.vertx();
      try {
        fanOut(server, client, many);
      } finally {
        // The tablets hang up before the server stops (else its drain waits on their sockets).
        client.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void fanOut(TestServer server, Vertx client, int many) throws Exception {
    TestDevice bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "bea-tab");
    TestDevice carl = TestDevice.enrol(server.store(), server.port(), "fw.carl", "carl-tab");
    TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tab");
    WebSocketClient ws = client.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(many + 10));
    CountDownLatch beaPoked = new CountDownLatch(many);
    AtomicInteger strays = new AtomicInteger();
    List<Future<WebSocket>> open = new ArrayList<>();
    String beaToken = bea.login();
    for (int i = 0; i < many; i++) {
      open.add(socket(ws, server, beaToken, "bea-tab", beaPoked::countDown));
    }
    open.add(socket(ws, server, carl.login(), "carl-tab", strays::incrementAndGet));
    String aliceToken = alice.login();
    open.add(socket(ws, server, aliceToken, "alice-tab", strays::incrementAndGet));
    Future.all(open).await(60, TimeUnit.SECONDS);

    new Api(server.port()).push(alice, Revs.newVisit("case-0001", List.of("child-0001"),
        "u-alice", "alice-tab", 1_000, "Seen at home."));

    assertTrue(beaPoked.await(30, TimeUnit.SECONDS),
        beaPoked.getCount() + " of bea's " + many + " sockets were not poked");
    // A poke to carl (who does not hold case-0001) or to the pushing tablet would have been
    // written among bea's slices, all of which have arrived.
    assertEquals(0, strays.get(), "pokes reached sockets not holding the case");
  }

  private static Future<WebSocket> socket(WebSocketClient ws, TestServer server, String token,
      String device, Runnable onPoke) {
    return ws.connect(server.port(), "127.0.0.1", "/api/v1/sync/ws?deviceId=" + device
        + "&access_token=" + token).onSuccess(s -> s.textMessageHandler(t -> {
          if (t.contains("\"poke\"")) {
            onPoke.run();
          }
        }));
  }
}
