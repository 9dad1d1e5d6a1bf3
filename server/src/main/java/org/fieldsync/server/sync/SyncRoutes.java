package org.fieldsync.server.sync;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.Receipt;
import org.fieldsync.server.auth.DeviceGuard;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RequestIds;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.DeviceRow;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sync/push}, {@code GET /sync/changes}, the {@code GET /sync/ws} poke socket and
 * {@code GET /server-key}. Only an enrolled, active device syncs. Decoding and validation run on
 * workers, storage on the writer thread; the event loop only routes.
 */
public final class SyncRoutes implements RouteModule {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRoutes.class);
  /** Request headers a device reports itself with. */
  public static final String HEADER_APP_VERSION = "FieldSync-App-Version";
  public static final String HEADER_PENDING = "FieldSync-Pending";
  public static final String HEADER_NEEDS_ATTENTION = "FieldSync-Needs-Attention";
  private final PushService push;
  private final ChangesService changes;
  private final Store store;
  private final ServerKeys keys;
  private final DeviceRegistry devices;
  private final DeviceGuard guard;
  private final int maxBatch;
  private final int maxPage;

  /**
   * Sync routes.
   *
   * @param push push with group commit
   * @param changes the change feed
   * @param store where checkpoints and device reports are kept
   * @param keys signs receipts
   * @param devices checks revision signatures
   * @param guard admits enrolled, active devices only
   * @param maxBatch most revisions per push
   * @param maxPage most changes per pulled page
   */
  public SyncRoutes(PushService push, ChangesService changes, Store store, ServerKeys keys,
      DeviceRegistry devices, DeviceGuard guard, int maxBatch, int maxPage) {
    this.push = push;
    this.changes = changes;
    this.store = store;
    this.keys = keys;
    this.devices = devices;
    this.guard = guard;
    this.maxBatch = maxBatch;
    this.maxPage = maxPage;
  }

  @Override
  public void mount(Router router, Http http) {
    // Each verticle instance owns the sockets it accepted, and pokes them.
    PokeHub pokes = new PokeHub(http.vertx());
    http.onStop(pokes::close);
    router.get(Http.PREFIX + "/server-key").handler(ctx -> http.json(ctx, 200,
        ProtocolCodec.encode(Map.of("algorithm", "Ed25519", "keyId", keys.keyId(),
            "publicKey", keys.publicKeyBase64()))));
    String p = Http.PREFIX + "/sync";
    router.post(p + "/push").handler(http.bodies()).handler(http.auth())
        .handler(ctx -> push(ctx, http));
    router.get(p + "/changes").handler(http.auth()).handler(ctx -> changes(ctx, http));
    router.get(p + "/ws").handler(http.socketAuth()).handler(ctx -> webSocket(ctx, http, pokes));
  }

  private void push(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    String did = deviceOf(who);
    var vertx = ctx.vertx();
    DeviceRow report = report(ctx, who, did, http.now());
    // "pull=1": answer with the feed's next page too (checked here, before anything is stored).
    Along along = "1".equals(http.param(ctx, "pull")) ? new Along(http.param(ctx, "since"),
        limit(http.param(ctx, "limit")), ownDeviceParam(http, ctx, did) ? did : null,
        http.param(ctx, "caseloadTag"), http) : null;
    // Parsing, validation and the signature checks are CPU work: they run here, on a worker
    // (in parallel with other pushes), never on the event loop; the writer thread then only
    // decides and stores.
    http.worker(ctx, () -> {
      // The body too is taken here: copying (or inflating) up to a megabyte or more is no work
      // for an event loop.
      byte[] body = http.body(ctx);
      stillActive(did);
      PushRequest req = ProtocolCodec.decode(body, PushRequest.class);
      if (req.revisions().size() > maxBatch) {
        throw new ApiException(413, ErrorCodes.PUSH_BATCH_TOO_LARGE, "a push may carry at most "
            + maxBatch + " revisions; split the batch");
      }
      if (req.revisions().stream().anyMatch(r -> r == null)) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, "revisions must be objects");
      }
      if (!did.equals(req.deviceId())) {
        throw invalidField("deviceId", "deviceId must be the device this session is bound to");
      }
      if (req.rootSignature() != null) {
        return new Validated(req, rootSigned(who, did, req, report));
      }
      if (req.signatures().size() != req.revisions().size()) {
        throw invalidField("signatures", "signatures must hold one signature per revision, in"
            + " the same order, or the push's rootSignature");
      }
      return new Validated(req, push.push(who, req.revisions(), req.signatures(), (r, sig) ->
          !did.equals(r.deviceId()) ? PushDecider.CODE_DEVICE_MISMATCH
              : devices.signed(did, r, sig) ? null
              : PushDecider.CODE_SIGNATURE_INVALID, report));
    }).compose(v -> Future.fromCompletionStage(v.stored(), vertx.getOrCreateContext())
        .map(result -> new Stored(v.request(), result)))
        .compose(stored -> {
          PushRequest req = stored.request();
          PushService.Result result = stored.result();
          PokeHub.publish(vertx, result.usersToPoke(), did);
          RequestIds.carry(ctx, () -> LOG.info("push request={} user={} device={} items={}",
              RequestIds.of(ctx), who.userId(), req.deviceId(), req.revisions().size())).run();
          // Signing receipts and encoding the answer are CPU work: off the event loop, and
          // off the single writer thread too.
          return http.worker(ctx, () -> ProtocolCodec.encode(new PushResponse(
              signed(result.outcomes()), along == null ? null : pullAlong(ctx, who, along))));
        })
        .onSuccess(bytes -> http.json(ctx, 200, bytes))
        .onFailure(ctx::fail);
  }

  private static ApiException invalidField(String field, String message) {
    return new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, message,
        List.of(new FieldError(field, ErrorCodes.REQUEST_BODY_INVALID, message)));
  }

  /**
   * The {@code deviceId} query parameter of a pull or the poke socket: absent, or the device the
   * session is bound to (400 {@code request.param.invalid} for any other, which would otherwise
   * be ignored in silence).
   */
  private static boolean ownDeviceParam(Http http, RoutingContext ctx, String device) {
    String param = http.param(ctx, "deviceId");
    if (param == null) {
      return false;
    }
    if (!param.equals(device)) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          "deviceId must be the device this session is bound to");
    }
    return true;
  }

  /**
   * A push signed once (decision 0037): one Ed25519 check of the tree's root for the whole push,
   * two hashes a revision; each revision is stored with the root signature and its own proof,
   * so it stays verifiable alone. A root that does not verify refuses every revision, as a bad
   * per-revision signature refuses its one.
   */
  private CompletableFuture<PushService.Result> rootSigned(Principal who, String did,
      PushRequest req, DeviceRow report) {
    PushSignatures.Tree tree = PushSignatures.tree(did, req.revisions());
    boolean good = devices.verify(did, tree.toSign(), req.rootSignature());
    List<String> sigs = Collections.nCopies(req.revisions().size(), req.rootSignature());
    return push.push(who, req.revisions(), sigs, tree.proofs(), (r, sig) ->
        !did.equals(r.deviceId()) ? PushDecider.CODE_DEVICE_MISMATCH
            : good ? null : PushDecider.CODE_SIGNATURE_INVALID, report);
  }

  /** What a push asked to pull along with its answer. */
  private record Along(String since, int limit, String exceptOwn, String caseloadTag,
      Http http) {}

  /**
   * The page a push asked for, read after the push was stored, and the device's checkpoint and
   * report kept as a pull keeps them. Null when it cannot be served here (a checkpoint to reset,
   * say): the push stands, and the client's own pull then gets the problem. Blocking.
   */
  private ChangesPage pullAlong(RoutingContext ctx, Principal who, Along along) {
    try {
      ChangesPage page = changes.page(who, along.since(), along.limit(), along.exceptOwn(),
          along.caseloadTag());
      keepCheckpoint(ctx, who, who.deviceId(), page, along.http().now());
      return page;
    } catch (RuntimeException e) {
      RequestIds.carry(ctx, () -> LOG.info("pull along a push not served: {}",
          e.getMessage())).run();
      return null;
    }
  }

  /** A push parsed and checked on a worker, queued for the writer. */
  private record Validated(PushRequest request, CompletableFuture<PushService.Result> stored) {}

  /** A push the writer has stored. */
  private record Stored(PushRequest request, PushService.Result result) {}

  /**
   * Refuses a device that is not enrolled or no longer active, reading it afresh from the store:
   * with several nodes, one revoked through another node a moment ago moves no data through this
   * one, and one enrolled through another node a moment ago is known here. Blocking.
   */
  private void stillActive(String deviceId) {
    EnrolledDevice d = store.read(tx -> devices.reload(tx, deviceId))
        .orElseThrow(DeviceGuard::notEnrolled);
    if (!d.active()) {
      throw DeviceGuard.inactive(d);
    }
  }

  /** The session's device id; whether it is enrolled and active is checked on the worker. */
  private static String deviceOf(Principal who) {
    if (who.deviceId() == null) {
      throw DeviceGuard.notEnrolled();
    }
    return who.deviceId();
  }

  /** Signs the push's receipts with one signature (a Merkle root); see {@code Receipt}. */
  private List<PushOutcome> signed(List<PushOutcome> outcomes) {
    List<Receipt> unsigned = new ArrayList<>();
    for (PushOutcome o : outcomes) {
      if (o.receipt() != null) {
        unsigned.add(o.receipt());
      }
    }
    Iterator<Receipt> signed = keys.signAll(unsigned).iterator();
    List<PushOutcome> out = new ArrayList<>(outcomes.size());
    for (PushOutcome o : outcomes) {
      out.add(o.receipt() == null ? o : o.withReceipt(signed.next()));
    }
    return out;
  }

  private void changes(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    String device = deviceOf(who);
    String since = http.param(ctx, "since");
    int limit = limit(http.param(ctx, "limit"));
    // Own revisions are left out only when the device asks (deviceId=<its id>): a device that
    // pulls from the start to rebuild its store gets its own records back too.
    String exceptOwn = ownDeviceParam(http, ctx, device) ? device : null;
    http.blocking(ctx, () -> {
      stillActive(device);
      ChangesPage page = changes.page(who, since, limit, exceptOwn,
          http.param(ctx, "caseloadTag"));
      keepCheckpoint(ctx, who, device, page, http.now());
      return page;
    }, 200);
  }

  /** Keeps the device's checkpoint and what it reported, for the console. Blocking. */
  private void keepCheckpoint(RoutingContext ctx, Principal who, String device,
      ChangesPage page, long now) {
    if (device != null && !device.isBlank() && device.length() <= 128) {
      DeviceRow report = report(ctx, who, device, now);
      store.write(tx -> {
        tx.devices().saveCheckpoint(device, who.userId(), page.checkpoint(), now);
        if (report != null) {
          tx.devices().seen(report);
        }
        return null;
      });
    }
  }

  /**
   * What the device says about itself in request headers (app version, records pending and
   * needing attention), for the admin console's devices page; null without a device id. Headers
   * that do not parse are ignored: a report is advisory and never fails a sync.
   */
  static DeviceRow report(RoutingContext ctx, Principal who, String deviceId, long now) {
    if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128) {
      return null;
    }
    String version = ctx.request().getHeader(HEADER_APP_VERSION);
    if (version != null && (version.length() > 64 || version.isBlank())) {
      version = null;
    }
    return new DeviceRow(deviceId, who.userId(), version, now,
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
    int max = maxPage;
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

  private void webSocket(RoutingContext ctx, Http http, PokeHub pokes) {
    Principal who = http.principal(ctx);
    String device = guard.requireActive(who);
    ownDeviceParam(http, ctx, device);
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "this endpoint needs a WebSocket upgrade");
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      ws.handler(buf -> { }); // clients send nothing but pings, which Vert.x answers
      pokes.register(who.userId(), device, ws);
    }).onFailure(e -> RequestIds.carry(ctx, () ->
        LOG.info("websocket upgrade failed: {}", e.getMessage())).run());
  }
}
