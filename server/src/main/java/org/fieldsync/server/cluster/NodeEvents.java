package org.fieldsync.server.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.SignInThrottle;
import org.fieldsync.server.auth.TokenService;
import org.fieldsync.server.store.Notifications;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what each node holds in memory coherent with the other nodes on the same store, through
 * the store's {@link Notifications} (PostgreSQL LISTEN/NOTIFY): pokes reach a tablet whichever
 * node it is connected to; a device enrolled, revoked or reported lost on one node is reloaded
 * from the store by every other; a logout, a failed sign-in and a good one are applied to every
 * node's token list and login limiter. After the listening connection was lost (and messages
 * with it), every node reloads devices and logged-out tokens from the store.
 *
 * <p>Each message names the node that sent it, and a node ignores its own: it applied the
 * change when it made it. Rejected: the Vert.x clustered event bus (a second cluster to run
 * beside PostgreSQL, with its own membership and failure modes) and polling the store.
 */
public final class NodeEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);
  private static final String RELAYED = "fieldsync-relayed";

  private final String node;
  private final Vertx vertx;
  private final Store store;
  private final Notifications bus;
  private final DeviceRegistry devices;
  private final TokenService tokens;
  private final SignInThrottle logins;
  private MessageConsumer<JsonObject> pokes;

  /**
   * Node events.
   *
   * @param node this node's id (unique per process)
   * @param vertx whose event bus carries pokes to this node's sockets
   * @param store the shared store, its notifications and what to reload from
   * @param devices this node's device registry
   * @param tokens this node's list of logged-out tokens
   * @param logins this node's sign-in throttle
   */
  public NodeEvents(String node, Vertx vertx, Store store, DeviceRegistry devices,
      TokenService tokens, SignInThrottle logins) {
    this.node = node;
    this.vertx = vertx;
    this.store = store;
    this.bus = store.notifications();
    this.devices = devices;
    this.tokens = tokens;
    this.logins = logins;
  }

  /** Starts relaying this node's changes out and the other nodes' in. */
  public NodeEvents start() {
    pokes = vertx.eventBus().consumer(PokeHub.ADDRESS, msg -> {
      if (msg.headers().get(RELAYED) == null) {
        send("poke", msg.body().copy());
      }
    });
    devices.onChange(d -> send("device", new JsonObject().put("deviceId", d.deviceId())));
    tokens.onRevoke((jti, exp) -> send("token", new JsonObject().put("jti", jti)
        .put("exp", exp)));
    tokens.onActive((user, active) -> send("user", new JsonObject().put("user", user)
        .put("active", active)));
    logins.onChange((event, a) -> send("login", new JsonObject().put("event", event)
        .put("user", a.username()).put("address", a.address()).put("device", a.provenDevice())));
    bus.subscribe(this::received, this::resync);
    return this;
  }

  private void send(String kind, JsonObject body) {
    String payload = body.put("kind", kind).put("node", node).encode();
    if (!Context.isOnEventLoopThread()) {
      // On a worker (a sign-in, a logout, a revocation): published before the caller answers,
      // so the other nodes know by the time the client can ask them.
      bus.publish(payload);
      return;
    }
    vertx.executeBlocking(() -> {
      bus.publish(payload);
      return null;
    }, false);
  }

  private void received(String payload) {
    JsonObject m;
    try {
      m = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("ignoring a notification that is not JSON");
      return;
    }
    if (node.equals(m.getString("node"))) {
      return; // this node applied it when it made it
    }
    switch (m.getString("kind", "")) {
      case "poke" -> vertx.eventBus().publish(PokeHub.ADDRESS, new JsonObject()
          .put("users", m.getJsonArray("users", new JsonArray()))
          .put("except", m.getString("except")),
          new DeliveryOptions().addHeader(RELAYED, "1"));
      case "device" -> reloadDevice(m.getString("deviceId"));
      case "token" -> tokens.apply(m.getString("jti"), m.getLong("exp", 0L));
      case "user" -> tokens.applyActive(m.getString("user", ""), m.getBoolean("active", false));
      case "login" -> logins.apply(m.getString("event", ""), new SignInThrottle.Attempt(
          m.getString("user"), m.getString("address"), m.getString("device")));
      default -> LOG.debug("ignoring notification kind {}", m.getString("kind"));
    }
  }

  private void reloadDevice(String id) {
    vertx.executeBlocking(() -> store.read(tx -> tx.devices().enrolled(id)), false)
        .onSuccess(d -> d.ifPresent(devices::apply))
        .onFailure(e -> LOG.warn("could not reload device {}: {}", id, e.getMessage()));
  }

  /** Messages may have been missed: reload what is cached from the store. */
  private void resync() {
    vertx.executeBlocking(() -> store.read(tx -> {
      tx.devices().enrolled().forEach(devices::apply);
      tx.credentials().revokedTokens(tokens.clock().millis() / 1000)
          .forEach(tokens::apply);
      tx.people().inactive().forEach(u -> tokens.applyActive(u, false));
      return null;
    }), false).onFailure(e -> LOG.warn("resync failed: {}", e.getMessage()));
  }

  @Override
  public void close() {
    if (pokes != null) {
      pokes.unregister();
    }
  }
}
