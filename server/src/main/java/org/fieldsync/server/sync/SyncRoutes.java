package org.fieldsync.server.sync;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.Receipt;
import org.fieldsync.server.Services;
import org.fieldsync.server.auth.AuthRoutes;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.store.DeviceRow;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Auth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sync/push}, {@code GET /sync/changes} and the {@code GET /sync/ws} poke socket.
 * Decoding and validation run on workers, storage on the writer thread; the event loop only
 * routes.
 */
public final class SyncRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRoutes.class);
  /** Request headers a device reports itself with. */
  public static final String HEADER_APP_VERSION = "FieldSync-App-Version";
  public static final String HEADER_PENDING = "FieldSync-Pending";
  public static final String HEADER_NEEDS_ATTENTION = "FieldSync-Needs-Attention";
  private final Services services;
  private final ApiVerticle api;
  private final PokeHub pokes;

  public SyncRoutes(Services services, ApiVerticle api, PokeHub pokes) {
    this.services = services;
    this.api = api;
    this.pokes = pokes;
  }

  public void mount(Router router, Auth auth) {
    router.get(ApiVerticle.PREFIX + "/server-key").handler(ctx -> ApiVerticle.json(ctx, 200,
        ProtocolCodec.encode(java.util.Map.of("algorithm", "Ed25519", "keyId",
            services.keys().keyId(), "publicKey", services.keys().publicKeyBase64()))));
    String p = ApiVerticle.PREFIX + "/sync";
    router.post(p + "/push").handler(api.bodies()).handler(auth::handle).handler(this::push);
    router.get(p + "/changes").handler(auth::handle).handler(this::changes);
    router.get(p + "/ws").handler(auth::handle).handler(this::webSocket);
  }

  /**
   * The caller's enrolled, active device: only such a device syncs. A revoked device is told so,
   * which is its signal to wipe itself.
   */
  private String requireDevice(Principal who) {
    return requireDevice(services, who);
  }

  /** As {@link #requireDevice(Principal)}, for other routes that only an enrolled device uses. */
  public static String requireDevice(Services services, Principal who) {
    var d = services.devices().get(who.deviceId());
    if (d.isEmpty()) {
      throw new ApiException(403, AuthRoutes.CODE_DEVICE_NOT_ENROLLED, "this session has no"
          + " enrolled device: enrol the device with a code from a sync admin, then sign in"
          + " from it");
    }
    if (!d.get().active()) {
      boolean lost = "lost".equals(d.get().status());
      throw new ApiException(403, lost ? AuthRoutes.CODE_DEVICE_LOST
          : AuthRoutes.CODE_DEVICE_REVOKED, lost ? "this device was reported lost; it must wipe"
          + " its data" : "this device has been revoked; it must wipe its data");
    }
    return d.get().deviceId();
  }

  private void push(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    String did = requireDevice(who);
    byte[] body = ApiVerticle.body(ctx);
    var vertx = ctx.vertx();
    vertx.executeBlocking(() -> {
      PushRequest req = ProtocolCodec.decode(body, PushRequest.class);
      if (req.revisions().size() > services.config().maxBatch()) {
        throw new ApiException(413, ErrorCodes.PUSH_BATCH_TOO_LARGE, "a push may carry at most "
            + services.config().maxBatch() + " revisions; split the batch");
      }
      if (req.revisions().stream().anyMatch(r -> r == null)) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, "revisions must be objects");
      }
      return req;
    }, false).compose(req -> Future.fromCompletionStage(
        services.push().push(who, req.revisions(), req.signatures(), (r, sig) ->
            !did.equals(r.deviceId()) ? PushDecider.CODE_DEVICE_MISMATCH
                : services.devices().signed(did, r, sig) ? null
                : PushDecider.CODE_SIGNATURE_INVALID, report(ctx, who, did)),
        vertx.getOrCreateContext())
        .compose(result -> {
          PokeHub.publish(vertx, result.usersToPoke(), did);
          LOG.info("push request={} user={} device={} items={}", ctx.get("requestId"),
              who.userId(), req.deviceId(), req.revisions().size());
          // Signing receipts and encoding the answer are CPU work: off the event loop, and
          // off the single writer thread too.
          return vertx.executeBlocking(() -> ProtocolCodec.encode(new PushResponse(
              signed(result.outcomes()))), false);
        }))
        .onSuccess(bytes -> ApiVerticle.json(ctx, 200, bytes))
        .onFailure(ctx::fail);
  }

  /** Signs the push's receipts with one signature (a Merkle root); see {@code Receipt}. */
  private List<PushOutcome> signed(List<PushOutcome> outcomes) {
    List<Receipt> unsigned = new ArrayList<>();
    for (PushOutcome o : outcomes) {
      if (o.receipt() != null) {
        unsigned.add(o.receipt());
      }
    }
    java.util.Iterator<Receipt> signed = services.keys().signAll(unsigned).iterator();
    List<PushOutcome> out = new ArrayList<>(outcomes.size());
    for (PushOutcome o : outcomes) {
      out.add(o.receipt() == null ? o : o.withReceipt(signed.next()));
    }
    return out;
  }

  private void changes(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    String device = requireDevice(who);
    String since = ApiVerticle.param(ctx, "since");
    int limit = limit(ApiVerticle.param(ctx, "limit"));
    // Own revisions are left out only when the device asks (deviceId=<its id>): a device that
    // pulls from the start to rebuild its store gets its own records back too.
    String exceptOwn = device.equals(ApiVerticle.param(ctx, "deviceId")) ? device : null;
    api.blocking(ctx, () -> {
      ChangesPage page = services.changes().page(who, since, limit, exceptOwn);
      if (device != null && !device.isBlank() && device.length() <= 128) {
        DeviceRow report = report(ctx, who, device);
        services.store().write(tx -> {
          tx.saveCheckpoint(device, who.userId(), page.checkpoint(), System.currentTimeMillis());
          if (report != null) {
            tx.deviceSeen(report);
          }
          return null;
        });
      }
      return page;
    }, 200);
  }

  /**
   * What the device says about itself in request headers (app version, records pending and
   * needing attention), for the admin console's devices page; null without a device id. Headers
   * that do not parse are ignored: a report is advisory and never fails a sync.
   */
  static DeviceRow report(RoutingContext ctx, Principal who, String deviceId) {
    if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128) {
      return null;
    }
    String version = ctx.request().getHeader(HEADER_APP_VERSION);
    if (version != null && (version.length() > 64 || version.isBlank())) {
      version = null;
    }
    return new DeviceRow(deviceId, who.userId(), version, System.currentTimeMillis(),
        count(ctx.request().getHeader(HEADER_PENDING)),
        count(ctx.request().getHeader(HEADER_NEEDS_ATTENTION)));
  }

  private static Integer count(String header) {
    if (header == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(header.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private int limit(String param) {
    int max = services.config().maxPage();
    if (param == null) {
      return Math.min(500, max);
    }
    try {
      int n = Integer.parseInt(param);
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          "limit must be a whole number from 1 to " + max);
    }
  }

  private void webSocket(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    String device = requireDevice(who);
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "this endpoint needs a WebSocket upgrade");
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      ws.handler(buf -> { }); // clients send nothing but pings, which Vert.x answers
      pokes.register(who.userId(), device, ws);
    }).onFailure(e -> LOG.info("websocket upgrade failed: {}", e.getMessage()));
  }
}
