package org.fieldsync.server.sync;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.server.store.Store;

/**
 * The live WebSocket side of sync: devices register their socket, and a poke published on the
 * event bus (address {@value #ADDRESS}) is sent to every socket of the named users. Pokes carry
 * no data, so a lost one costs latency, never correctness. Publishing on the event bus lets every
 * verticle instance (and, later, every node) wake its own sockets.
 */
public final class PokeHub {
  public static final String ADDRESS = "fieldsync.poke";
  private static final String POKE = "{\"kind\":\"poke\",\"reason\":\"changes\"}";

  private record Socket(ServerWebSocket ws, String deviceId) {}

  /** Sockets written to in one event-loop task. */
  static final int SLICE = 64;

  private final Map<String, Set<Socket>> byUser = new ConcurrentHashMap<>();
  private final MessageConsumer<JsonObject> consumer;
  private final Vertx vertx;

  public PokeHub(Vertx vertx) {
    this.vertx = vertx;
    this.consumer = vertx.eventBus().consumer(ADDRESS, msg -> deliver(msg.body()));
  }

  /**
   * Pokes the devices of everyone holding a case (after a server-written change to one of its
   * records: a sign-off, a decision, a restriction, a resolution). Blocking: reads the store.
   */
  public static void pokeCase(Vertx vertx, Store store, String caseId) {
    if (caseId != null) {
      publish(vertx, store.read(tx -> tx.directory().usersHolding(Set.of(caseId))), null);
    }
  }

  /** Asks every instance to poke these users' devices, except the device that caused it. */
  public static void publish(Vertx vertx, Set<String> users, String exceptDevice) {
    if (users.isEmpty()) {
      return;
    }
    vertx.eventBus().publish(ADDRESS, new JsonObject()
        .put("users", new JsonArray(users.stream().toList()))
        .put("except", exceptDevice));
  }

  public void register(String userId, String deviceId, ServerWebSocket ws) {
    Socket s = new Socket(ws, deviceId);
    byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(s);
    ws.closeHandler(v -> {
      Set<Socket> set = byUser.get(userId);
      if (set != null) {
        set.remove(s);
      }
    });
  }

  private void deliver(JsonObject event) {
    String except = event.getString("except");
    List<Socket> targets = new ArrayList<>();
    for (Object u : event.getJsonArray("users", new JsonArray())) {
      for (Socket s : byUser.getOrDefault(String.valueOf(u), Set.of())) {
        if (except == null || !except.equals(s.deviceId())) {
          targets.add(s);
        }
      }
    }
    write(targets, 0);
  }

  /**
   * Writes the poke to a slice of the sockets, then yields the event loop before the next slice:
   * a user with thousands of open sockets must not hold up every other request on it.
   */
  private void write(List<Socket> targets, int from) {
    int to = Math.min(targets.size(), from + SLICE);
    for (int i = from; i < to; i++) {
      ServerWebSocket ws = targets.get(i).ws();
      if (!ws.isClosed()) {
        ws.writeTextMessage(POKE);
      }
    }
    if (to < targets.size()) {
      vertx.runOnContext(v -> write(targets, to));
    }
  }

  /**
   * Closes every socket with 1012 (service restart) and a reason saying to reconnect: the node
   * is stopping, and the tablet's next connection goes to another node behind the balancer.
   */
  public void close() {
    consumer.unregister();
    byUser.values().forEach(set -> set.forEach(s -> {
      if (!s.ws().isClosed()) {
        s.ws().close((short) 1012, "server restarting; reconnect");
      }
    }));
  }
}
