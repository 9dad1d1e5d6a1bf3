package org.fieldsync.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.ChangesPage;

/**
 * Push the outbox, then pull until caught up: one code path for catch-up and for live changes,
 * with the WebSocket poke only as a wake-up. Resumable at any point because every step is
 * idempotent: a push retried after a lost answer is answered {@code duplicate}, and a page is
 * applied together with its checkpoint.
 *
 * <p>Lifecycle: {@link #syncNow()} runs one pass on the caller's thread; {@link #start()} runs
 * passes on a background thread whenever there is local work, a poke, or the idle interval
 * passes, backing off with jitter after failures. Only one pass runs at a time. The background
 * loop, its backoff and its probing live in {@link BackgroundSync}; the push half in {@link
 * OutboxPusher}.
 *
 * <p>A pass ends by refreshing the caseload kept for offline use. When the server no longer
 * honours the stored checkpoint (restored from a backup, or another server), the pass rebuilds
 * from the start and pushes again what the server lacks ({@link CheckpointRecovery}).
 */
public final class SyncEngine implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SyncEngine.class.getName());

  /**
   * How the engine paces itself.
   *
   * @param pushBatchSize revisions per push request
   * @param pullPageSize changes per pulled page
   * @param idleInterval how often to poll when no poke arrives
   * @param backoffBase the first wait after a failure
   * @param backoffMax the longest wait after failures
   * @param probeInterval how often to probe an unreachable server while backing off
   */
  public record Options(int pushBatchSize, int pullPageSize, Duration idleInterval,
      Duration backoffBase, Duration backoffMax, Duration probeInterval) {}

  private final LocalStore store;
  private final ServerApi api;
  private final DeviceSecurity security;
  private final Object writeLock;
  private final StatusHub status;
  private final OutboxPusher pusher;
  private final ChangeApplier changes;
  private final Options options;
  private final BackgroundSync background;
  private final CaseloadCache caseload;
  /** The last page this pass applied: it may say the caseload is unchanged. */
  private volatile ChangesPage lastPage;
  private final CheckpointRecovery recovery;
  private final Object passLock = new Object();

  /**
   * An engine over the local store and the server.
   *
   * @param onRevoked run on its own thread when the server says this device was revoked or lost;
   *     false when it could not hand over its unpushed work yet (background sync then tries
   *     again after a backoff)
   */
  public SyncEngine(LocalStore store, ServerApi api, DeviceSecurity security,
      HybridLogicalClock clock, Object writeLock, StatusHub status, AttachmentFiles attachments,
      ReceiptVerifier receipts, CaseloadCache caseload, Options options,
      BooleanSupplier onRevoked) {
    this.store = store;
    this.api = api;
    this.security = security;
    this.writeLock = writeLock;
    this.status = status;
    this.pusher = new OutboxPusher(store, api, security, writeLock, status,
        new OutcomeApplier(store, receipts, clock), attachments, options.pushBatchSize());
    this.changes = new ChangeApplier(store, clock);
    this.options = options;
    this.caseload = caseload;
    this.recovery = new CheckpointRecovery(store, api, api.deviceId(), writeLock,
        options.pullPageSize());
    this.background = new BackgroundSync(this, api, options, onRevoked);
  }

  /**
   * One full pass: push everything in the outbox, then pull until caught up.
   *
   * @throws FieldSyncException if the server cannot be reached or refuses the session; whatever
   *     was applied before the failure stays applied, and nothing local is lost
   */
  public SyncResult syncNow() {
    synchronized (passLock) {
      long tripsBefore = api.roundTrips();
      try {
        status.phase(SyncStatus.Phase.PUSHING);
        lastPage = null;
        // The last push brings the feed's next page along: a pass is one round trip.
        OutboxPusher.Pushed push = pusher.pushAll(new ServerApi.Along(
            store.checkpoint().orElse(null), options.pullPageSize(), caseload.tag()));
        status.phase(SyncStatus.Phase.PULLING);
        int pulled;
        try {
          ChangesPage along = push.page();
          pulled = along == null ? pullAll()
              : applyPage(along) + (along.hasMore() ? pullAll() : 0);
        } catch (FieldSyncException e) {
          if (!CheckpointRecovery.needed(e)) {
            throw e;
          }
          CheckpointRecovery.Result r = recovery.run(e.code(), this::applyPage,
              pusher::pushAll);
          push = push.plus(r.pushed());
          // From the checkpoint the recovery stored: what the pushes just did (merges, say).
          pulled = r.pulled() + pullAll();
        }
        refreshCaseload();
        renewLease();
        status.completed();
        return new SyncResult(push.pushed(), push.accepted(), push.conflicts(), push.rejected(),
            pulled, (int) (api.roundTrips() - tripsBefore));
      } catch (FieldSyncException e) {
        status.failed(e);
        throw e;
      } catch (RuntimeException e) {
        FieldSyncException f = new FieldSyncException(SdkErrorCodes.STORE_FAILED,
            "sync failed: " + e.getMessage(), List.of(), true, e);
        status.failed(f);
        throw f;
      }
    }
  }

  private void renewLease() {
    try {
      security.renewLeaseIfDue(api);
    } catch (FieldSyncException e) {
      // Reported lost, or a blip: the current lease runs on; it is asked for again next pass.
      LOG.log(Level.DEBUG, "lease not renewed this pass: " + e.code());
    }
  }

  /**
   * Keeps the server's caseload for offline use. A server that has no caseload route yet (an
   * older one) leaves the last one kept; any other failure fails the pass like a pull would.
   */
  private void refreshCaseload() {
    ChangesPage last = lastPage;
    if (last != null && last.caseloadTag() != null) { // the pull said; no request needed
      if (last.caseload() != null) {
        caseload.keep(ProtocolCodec.encodeToString(last.caseload()));
      } else {
        caseload.confirm();
      }
      return;
    }
    try {
      caseload.keep(ProtocolCodec.encodeToString(api.caseload()));
    } catch (FieldSyncException e) {
      if (!ErrorCodes.ROUTE_NOT_FOUND.equals(e.code())) {
        throw e;
      }
      LOG.log(Level.DEBUG, "the server has no caseload route; the last one kept stays");
    }
  }

  private int pullAll() {
    int pulled = 0;
    while (true) {
      String checkpoint = store.checkpoint().orElse(null);
      ChangesPage page = api.changes(checkpoint, options.pullPageSize(), true, caseload.tag());
      pulled += applyPage(page);
      if (!page.hasMore()) {
        return pulled;
      }
      status.publish();
    }
  }

  /** Applies a page and its checkpoint (if it has one) in one local transaction. */
  private int applyPage(ChangesPage page) {
    lastPage = page;
    int n;
    List<RecordEvent> events;
    synchronized (writeLock) {
      n = changes.apply(page);
      events = changes.events();
    }
    status.records(events);
    status.countPulled(n);
    return n;
  }

  /** Wakes background sync: a local save or a poke. */
  public void nudge() {
    background.nudge();
  }

  /** Starts background sync. Idempotent. */
  public void start() {
    background.start();
  }

  /** Stops background sync and waits for the current pass to end. Idempotent. */
  public void stop() {
    background.stop();
  }

  /** The platform says the network is back: end any backoff and run a pass at once. */
  public void networkAvailable() {
    background.networkAvailable();
  }

  @Override
  public void close() {
    stop();
  }
}
