package org.fieldsync.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.spi.Transport;
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
 * passes, backing off with jitter after failures. Only one pass runs at a time.
 */
public final class SyncEngine implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SyncEngine.class.getName());

  private final LocalStore store;
  private final ServerApi api;
  private final Object writeLock;
  private final StatusHub status;
  private final OutcomeApplier outcomes;
  private final ChangeApplier changes;
  private final int pushBatchSize;
  private final int pullPageSize;
  private final Duration idleInterval;
  private final Backoff backoff;
  private final Object passLock = new Object();
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean running;
  private volatile Thread worker;
  private volatile Transport.PokeSocket pokes;
  private final java.nio.file.Path dataDir;
  private final org.fieldsync.client.internal.vault.AttachmentFiles attachments;
  private volatile Runnable onRevoked = () -> { };
  private volatile Runnable afterPass = () -> { };
  private volatile java.util.function.Supplier<byte[]> dataKey = () -> null;

  /** Where the unlocked data key comes from (to open the device key for signing). */
  public void dataKey(java.util.function.Supplier<byte[]> supplier) {
    this.dataKey = supplier;
  }

  /** Runs after each successful pass (lease renewal). */
  public void afterPass(Runnable hook) {
    this.afterPass = hook;
  }

  /** Called (on its own thread) when the server says this device was revoked. */
  public void onRevoked(Runnable handler) {
    this.onRevoked = handler;
  }

  public SyncEngine(LocalStore store, ServerApi api, HybridLogicalClock clock, Object writeLock,
      StatusHub status, int pushBatchSize, int pullPageSize, Duration idleInterval,
      Duration backoffBase, Duration backoffMax, java.nio.file.Path dataDir) {
    this.store = store;
    this.api = api;
    this.writeLock = writeLock;
    this.status = status;
    this.outcomes = new OutcomeApplier(store, new ReceiptVerifier(dataDir, api));
    this.dataDir = dataDir;
    this.attachments = new org.fieldsync.client.internal.vault.AttachmentFiles(dataDir);
    this.changes = new ChangeApplier(store, clock);
    this.pushBatchSize = pushBatchSize;
    this.pullPageSize = pullPageSize;
    this.idleInterval = idleInterval;
    this.backoff = new Backoff(backoffBase, backoffMax);
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
        afterPass.run();
        status.completed();
        return new SyncResult(push[0], push[1], push[2], push[3], pulled,
            (int) (api.roundTrips() - tripsBefore));
      } catch (FieldSyncException e) {
        status.failed(e);
        throw e;
      } catch (RuntimeException e) {
        FieldSyncException f = new FieldSyncException(FieldSyncException.STORE_FAILED,
            "sync failed: " + e.getMessage(), List.of(), true, e);
        status.failed(f);
        throw f;
      }
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
    for (int from = 0; from < all.size(); from += pushBatchSize) {
      List<OutboxEntry> batch = all.subList(from, Math.min(all.size(), from + pushBatchSize));
      List<Revision> revs = new ArrayList<>(batch.size());
      for (OutboxEntry e : batch) {
        revs.add(ProtocolCodec.decode(e.revisionJson(), Revision.class));
      }
      uploadAttachments(revs);
      // Signed with the device key; without one (not enrolled) the server refuses the push.
      DeviceKey key = DeviceKey.load(dataDir, dataKey.get()).orElse(null);
      List<String> signatures = key == null ? List.of() : revs.stream().map(key::sign).toList();
      PushResponse resp = api.push(new PushRequest(deviceIdOf(revs), revs, signatures));
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
    byte[] key = dataKey.get();
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
        } catch (java.io.IOException | IllegalArgumentException e) {
          // Unreadable here: the push below is refused for it and the record asks for attention.
        }
      }
    }
  }

  private int pullAll() {
    int pulled = 0;
    while (true) {
      String checkpoint = store.checkpoint().orElse(null);
      ChangesPage page = api.changes(checkpoint, pullPageSize);
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

  /** Wakes the background loop: a local save or a poke. */
  public void nudge() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  /** Starts background sync. Idempotent. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread t = new Thread(this::loop, "fieldsync-sync");
    t.setDaemon(true);
    worker = t;
    t.start();
  }

  /** Stops background sync and waits for the current pass to end. Idempotent. */
  public synchronized void stop() {
    running = false;
    closePokes();
    Thread t = worker;
    worker = null;
    if (t != null) {
      nudge();
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (running) {
      long wait;
      try {
        syncNow();
        backoff.reset();
        ensurePokes();
        wait = idleInterval.toMillis();
      } catch (FieldSyncException e) {
        if (FieldSyncException.DEVICE_REVOKED.equals(e.code())
            || FieldSyncException.DEVICE_LOST.equals(e.code())) {
          running = false;
          Thread t = new Thread(onRevoked, "fieldsync-wipe");
          t.setDaemon(true);
          t.start();
          return;
        }
        wait = backoff.nextDelayMillis();
        LOG.log(Level.FINE, "sync failed ({0}); next try in {1} ms",
            new Object[] {e.code(), wait});
      } catch (RuntimeException e) {
        wait = backoff.nextDelayMillis();
        LOG.log(Level.WARNING, "unexpected sync failure; will retry", e);
      }
      if (!awaitSignal(wait)) {
        return;
      }
    }
  }

  /** Waits for a nudge or the timeout; false if the engine is stopping. */
  private boolean awaitSignal(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (signal) {
      while (!signalled && running) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        try {
          signal.wait(left);
        } catch (InterruptedException e) {
          return false;
        }
      }
      signalled = false;
    }
    return running;
  }

  private void ensurePokes() {
    if (pokes != null) {
      return;
    }
    long opened = System.nanoTime();
    try {
      pokes = api.openPokes(new Transport.PokeListener() {
        @Override
        public void onPoke(String message) {
          nudge();
        }

        @Override
        public void onClosed(Throwable cause) {
          pokes = null;
          // Reconnect (and catch up) through a normal pass, unless the socket died young: then
          // the idle-interval poll takes over, so a server that drops sockets cannot spin us.
          if (running && System.nanoTime() - opened > Duration.ofSeconds(5).toNanos()) {
            nudge();
          }
        }
      });
    } catch (FieldSyncException e) {
      LOG.log(Level.FINE, "poke socket unavailable; polling every {0}", idleInterval);
    }
  }

  private void closePokes() {
    Transport.PokeSocket p = pokes;
    pokes = null;
    if (p != null) {
      try {
        p.close();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "closing poke socket", e);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
