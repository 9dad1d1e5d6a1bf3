package org.fieldsync.client.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;

/**
 * Push the outbox, then pull until caught up: one code path for catch-up and for live changes,
 * with the WebSocket poke only as a wake-up. Resumable at any point because every step is
 * idempotent: a push retried after a lost answer is answered {@code duplicate}, and a page is
 * applied together with its checkpoint.
 *
 * <p>Lifecycle: {@link #syncNow()} runs one pass on the caller's thread; {@link #start()} runs
 * passes on a background thread whenever there is local work, a poke, or the idle interval
 * passes, backing off with jitter after failures. Only one pass runs at a time. The background
 * loop, its backoff and its probing live in {@link BackgroundSync}.
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
  private final OutcomeApplier outcomes;
  private final ChangeApplier changes;
  private final AttachmentFiles attachments;
  private final Options options;
  private final BackgroundSync background;
  private final Object passLock = new Object();

  /**
   * An engine over the local store and the server.
   *
   * @param onRevoked run on its own thread when the server says this device was revoked or lost
   */
  public SyncEngine(LocalStore store, ServerApi api, DeviceSecurity security,
      HybridLogicalClock clock, Object writeLock, StatusHub status, AttachmentFiles attachments,
      ReceiptVerifier receipts, Options options, Runnable onRevoked) {
    this.store = store;
    this.api = api;
    this.security = security;
    this.writeLock = writeLock;
    this.status = status;
    this.outcomes = new OutcomeApplier(store, receipts);
    this.attachments = attachments;
    this.changes = new ChangeApplier(store, clock);
    this.options = options;
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
        int[] push = pushAll();
        status.phase(SyncStatus.Phase.PULLING);
        int pulled = pullAll();
        renewLease();
        status.completed();
        return new SyncResult(push[0], push[1], push[2], push[3], pulled,
            (int) (api.roundTrips() - tripsBefore));
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

  private int[] pushAll() {
    // Snapshot the outbox once: entries saved during the pass go in the next pass, and an entry
    // the server keeps answering with an unknown outcome cannot spin this loop.
    List<OutboxEntry> all = store.outbox(Integer.MAX_VALUE);
    int pushed = 0;
    int accepted = 0;
    int conflicts = 0;
    int rejected = 0;
    int size = options.pushBatchSize();
    for (int from = 0; from < all.size(); from += size) {
      List<OutboxEntry> batch = all.subList(from, Math.min(all.size(), from + size));
      List<Revision> revs = new ArrayList<>(batch.size());
      for (OutboxEntry e : batch) {
        revs.add(ProtocolCodec.decode(e.revisionJson(), Revision.class));
      }
      uploadAttachments(revs);
      // Signed with the device key, opened once at unlock; without one the server refuses.
      PushResponse resp = api.push(new PushRequest(deviceIdOf(revs), revs,
          security.sign(revs)));
      OutcomeApplier.Tally t;
      synchronized (writeLock) {
        t = outcomes.apply(batch, resp.outcomes());
      }
      pushed += batch.size();
      accepted += t.accepted();
      conflicts += t.conflicts();
      rejected += t.rejected();
      status.records(t.events());
      status.countPushed(batch.size());
      status.publish();
    }
    return new int[] {pushed, accepted, conflicts, rejected};
  }

  /**
   * Sends up the bytes of every attachment these revisions name that the server does not yet
   * hold for the case, before the revisions themselves: the server refuses a record whose
   * attachment it cannot serve. An attachment this tablet does not hold is left to that refusal.
   */
  private void uploadAttachments(List<Revision> revs) {
    byte[] key = security.dataKeyIfUnlocked().orElse(null);
    if (key == null) {
      return;
    }
    for (Revision r : revs) {
      if (r.deleted() || r.caseId() == null || !r.body().contains("\"attachments\"")) {
        continue;
      }
      for (var a : ProtocolCodec.readTree(r.body()).path("attachments")) {
        String sha = a.path("sha256").asText("");
        String media = a.path("mediaType").asText("");
        try {
          if (attachments.sent(r.caseId(), sha)) {
            continue;
          }
          var bytes = attachments.get(key, sha);
          if (bytes.isPresent()) {
            api.uploadAttachment(r.caseId(), sha, media, bytes.get());
            attachments.markSent(r.caseId(), sha);
          }
        } catch (IOException | IllegalArgumentException | FieldSyncException e) {
          // Unreadable here, or refused: the push below is refused for it and the record asks
          // for attention. A refusal that matters (revoked, offline) comes again from the push.
          LOG.log(Level.DEBUG, "attachment " + sha + " not sent: " + e.getMessage());
        }
      }
    }
  }

  private int pullAll() {
    int pulled = 0;
    while (true) {
      String checkpoint = store.checkpoint().orElse(null);
      ChangesPage page = api.changes(checkpoint, options.pullPageSize());
      int n;
      List<RecordEvent> events;
      synchronized (writeLock) {
        n = changes.apply(page);
        events = changes.events();
      }
      status.records(events);
      pulled += n;
      status.countPulled(n);
      if (!page.hasMore()) {
        return pulled;
      }
      status.publish();
    }
  }

  private static String deviceIdOf(List<Revision> revs) {
    return revs.isEmpty() ? null : revs.get(0).deviceId();
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
