package org.fieldsync.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.ListenerToken;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.RecordListener;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.SyncStatusListener;
import org.fieldsync.client.internal.store.LocalStore;

/**
 * Holds the current {@link SyncStatus} and delivers every change to listeners on their executors.
 * The default executor is one daemon thread owned by the SDK, so listeners see snapshots in order
 * and never run on the sync thread.
 */
public final class StatusHub implements AutoCloseable {
  private static final Logger LOG = System.getLogger(StatusHub.class.getName());

  private record Registration(SyncStatusListener listener, Executor executor) {}

  private record RecordRegistration(RecordListener listener, Executor executor) {}

  private final LocalStore store;
  private final Clock clock;
  private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<RecordRegistration> recordListeners =
      new CopyOnWriteArrayList<>();
  private final ExecutorService defaultExecutor =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fieldsync-listeners");
        t.setDaemon(true);
        return t;
      });
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong pulled = new AtomicLong();
  private volatile SyncStatus current;
  private volatile SyncStatus.Phase phase = SyncStatus.Phase.IDLE;
  private volatile Instant lastCompleted;
  private volatile FieldSyncException lastError;
  private volatile Instant lastErrorAt;
  private volatile boolean closedStore;

  public StatusHub(LocalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.current = snapshot();
  }

  /** A fresh snapshot, computed on the calling thread. */
  public SyncStatus current() {
    SyncStatus s = snapshot();
    current = s;
    return s;
  }

  public ListenerToken add(SyncStatusListener listener, Executor executor) {
    Registration reg = new Registration(listener, executor == null ? defaultExecutor : executor);
    listeners.add(reg);
    return () -> listeners.remove(reg);
  }

  public ListenerToken addRecords(RecordListener listener, Executor executor) {
    RecordRegistration reg = new RecordRegistration(listener,
        executor == null ? defaultExecutor : executor);
    recordListeners.add(reg);
    return () -> recordListeners.remove(reg);
  }

  /** Tells record listeners what sync did to records; in order, never on the sync thread. */
  void records(List<RecordEvent> events) {
    if (events.isEmpty() || recordListeners.isEmpty()) {
      return;
    }
    List<RecordEvent> batch = List.copyOf(events);
    try {
      defaultExecutor.execute(() -> {
        for (RecordRegistration r : recordListeners) {
          Runnable call = () -> {
            try {
              r.listener().onRecords(batch);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "a record listener threw; it is kept", e);
            }
          };
          if (r.executor() == defaultExecutor) {
            call.run();
            continue;
          }
          try {
            r.executor().execute(call);
          } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "listener executor refused record events", e);
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "record events after close are not delivered", e);
    }
  }

  /** The device wiped itself: the last status listeners get. */
  public void wiped() {
    phase = SyncStatus.Phase.WIPED;
    closedStore = true;
    publish();
  }

  void phase(SyncStatus.Phase p) {
    phase = p;
    publish();
  }

  void countPushed(int n) {
    pushed.addAndGet(n);
  }

  void countPulled(int n) {
    pulled.addAndGet(n);
  }

  void completed() {
    lastCompleted = clock.instant();
    lastError = null;
    lastErrorAt = null;
    phase = SyncStatus.Phase.IDLE;
    publish();
  }

  void failed(FieldSyncException e) {
    lastError = e;
    lastErrorAt = clock.instant();
    phase = SyncStatus.Phase.BACKING_OFF;
    publish();
  }

  /**
   * Recomputes counts (after a local save, say) and tells listeners. The counting runs on the
   * SDK's listener thread, so a save never waits for it; snapshots stay in order.
   */
  public void publish() {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      defaultExecutor.execute(() -> deliver(snapshot()));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "status after close is not delivered", e);
    }
  }

  private void deliver(SyncStatus s) {
    current = s;
    for (Registration r : listeners) {
      Runnable call = () -> {
        try {
          r.listener().onStatus(s);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a sync status listener threw; it is kept", e);
        }
      };
      if (r.executor() == defaultExecutor) {
        call.run(); // already on the listener thread, in order, even while closing
        continue;
      }
      try {
        r.executor().execute(call);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "listener executor refused a status", e);
      }
    }
  }

  private SyncStatus snapshot() {
    if (phase == SyncStatus.Phase.CLOSED || closedStore) {
      return new SyncStatus(phase, 0, 0, 0, pushed.get(), pulled.get(), lastCompleted, lastError,
          lastErrorAt);
    }
    return new SyncStatus(phase, store.outboxSize(),
        store.countByState(SyncState.NEEDS_ATTENTION.name()),
        store.countByState(SyncState.UNDER_REVIEW.name()),
        pushed.get(), pulled.get(), lastCompleted, lastError, lastErrorAt);
  }

  @Override
  public void close() {
    if (phase != SyncStatus.Phase.WIPED) {
      phase = SyncStatus.Phase.CLOSED;
    }
    closedStore = true;
    defaultExecutor.shutdown();
    try {
      // Let queued snapshots finish before the store they read is closed.
      defaultExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current = snapshot();
  }
}
