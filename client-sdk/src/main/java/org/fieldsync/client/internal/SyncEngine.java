package org.fieldsync.client.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.protocol.ErrorCodes;
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

  /**
   * What pushing did.
   *
   * @param pushed revisions pushed and answered (one stamped again and pushed twice counts twice)
   * @param duplicates records the server answered {@code duplicate}: it had the revision already
   */
  record Pushed(int pushed, int accepted, int conflicts, int rejected, Set<String> duplicates) {
    static final Pushed NONE = new Pushed(0, 0, 0, 0, Set.of());

    Pushed plus(Pushed o) {
      Set<String> d = new HashSet<>(duplicates);
      d.addAll(o.duplicates);
      return new Pushed(pushed + o.pushed, accepted + o.accepted, conflicts + o.conflicts,
          rejected + o.rejected, Set.copyOf(d));
    }
  }

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
  private final CaseloadCache caseload;
  private final CheckpointRecovery recovery;
  private final Object passLock = new Object();

  /**
   * An engine over the local store and the server.
   *
   * @param onRevoked run on its own thread when the server says this device was revoked or lost
   */
  public SyncEngine(LocalStore store, ServerApi api, DeviceSecurity security,
      HybridLogicalClock clock, Object writeLock, StatusHub status, AttachmentFiles attachments,
      ReceiptVerifier receipts, CaseloadCache caseload, Options options, Runnable onRevoked) {
    this.store = store;
    this.api = api;
    this.security = security;
    this.writeLock = writeLock;
    this.status = status;
    this.outcomes = new OutcomeApplier(store, receipts, clock);
    this.attachments = attachments;
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
        Pushed push = pushAll();
        status.phase(SyncStatus.Phase.PULLING);
        int pulled;
        try {
          pulled = pullAll();
        } catch (FieldSyncException e) {
          if (!CheckpointRecovery.needed(e)) {
            throw e;
          }
          CheckpointRecovery.Result r = recovery.run(e.code(), this::applyPage, this::pushAll);
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
    try {
      caseload.keep(ProtocolCodec.encodeToString(api.caseload()));
    } catch (FieldSyncException e) {
      if (!ErrorCodes.ROUTE_NOT_FOUND.equals(e.code())) {
        throw e;
      }
      LOG.log(Level.DEBUG, "the server has no caseload route; the last one kept stays");
    }
  }

  /**
   * Pushes the outbox. Revisions stamped again because their clock was too far ahead are pushed
   * once more in the same pass (the clock was corrected by the first answer); should they be
   * refused again, they stay queued for the next pass.
   */
  private Pushed pushAll() {
    List<String> restamped = new ArrayList<>();
    Pushed first = pushBatches(store.outbox(Integer.MAX_VALUE), restamped);
    if (restamped.isEmpty()) {
      return first;
    }
    List<OutboxEntry> again = restamped.stream().map(store::outboxFor)
        .flatMap(Optional::stream).toList();
    return first.plus(pushBatches(again, new ArrayList<>()));
  }

  private Pushed pushBatches(List<OutboxEntry> all, List<String> restamped) {
    // The outbox is snapshot once: entries saved during the pass go in the next pass, and an
    // entry the server keeps answering with an unknown outcome cannot spin this loop.
    int pushed = 0;
    int accepted = 0;
    int conflicts = 0;
    int rejected = 0;
    Set<String> duplicates = new HashSet<>();
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
      restamped.addAll(t.restamped());
      duplicates.addAll(t.duplicates());
      status.records(t.events());
      status.countPushed(batch.size());
      status.publish();
    }
    return new Pushed(pushed, accepted, conflicts, rejected, Set.copyOf(duplicates));
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
      ChangesPage page = api.changes(checkpoint, options.pullPageSize(), true);
      pulled += applyPage(page);
      if (!page.hasMore()) {
        return pulled;
      }
      status.publish();
    }
  }

  /** Applies a page and its checkpoint (if it has one) in one local transaction. */
  private int applyPage(ChangesPage page) {
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
