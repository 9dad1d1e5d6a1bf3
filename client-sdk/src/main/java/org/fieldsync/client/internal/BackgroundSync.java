package org.fieldsync.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.spi.Transport;

/**
 * The sync engine's background loop: a pass whenever there is local work, a poke, or the idle
 * interval passes; after a failure, a backoff with jitter. A poke or a save during a pass is
 * remembered and runs the next pass straight after it; during a backoff it waits for the backoff.
 *
 * <p>Coming back online: while it backs off because the server could not be reached at all, the
 * loop probes the server ({@link ServerApi#reachable()}, one small unauthenticated request) every
 * probe interval and syncs as soon as it answers, so a tablet does not sit out a long backoff once
 * the signal is back; {@link #networkAvailable()} does the same on the platform's word. A server
 * that answered with {@code Retry-After} is not probed: it is waited for, as it asked.
 */
final class BackgroundSync {
  private static final Logger LOG = System.getLogger(BackgroundSync.class.getName());
  /** The longest {@code Retry-After} honoured; a larger one is taken as this. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final SyncEngine engine;
  private final ServerApi api;
  private final SyncEngine.Options options;
  private final Backoff backoff;
  private final BooleanSupplier onRevoked;
  /** Set by {@link #stop()}: a retried hand-over does not start background sync again. */
  private volatile boolean stopped;
  private final Object signal = new Object();
  private boolean signalled;
  private boolean urgent;
  private volatile boolean running;
  private volatile Thread worker;
  private volatile Transport.PokeSocket pokes;

  BackgroundSync(SyncEngine engine, ServerApi api, SyncEngine.Options options,
      BooleanSupplier onRevoked) {
    this.engine = engine;
    this.api = api;
    this.options = options;
    this.backoff = new Backoff(options.backoffBase(), options.backoffMax());
    this.onRevoked = onRevoked;
  }

  /** Wakes the loop: a local save or a poke. */
  void nudge() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  /**
   * The device was revoked: hand over and wipe; if the hand-over got no answer, nothing was
   * wiped, so try again after a backoff (the next pass is refused again and hands over again).
   */
  private void revoked() {
    if (onRevoked.getAsBoolean()) {
      return;
    }
    long wait = backoff.nextDelayMillis();
    synchronized (signal) {
      long until = System.currentTimeMillis() + wait;
      while (!stopped && System.currentTimeMillis() < until) {
        try {
          signal.wait(Math.max(1, until - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (!stopped) {
      start();
    }
  }

  /** Starts background sync. Idempotent. */
  synchronized void start() {
    stopped = false;
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
  synchronized void stop() {
    stopped = true;
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

  /**
   * The platform says the network is back: forget the backoff and run a pass at once (when
   * background sync runs).
   */
  void networkAvailable() {
    backoff.reset();
    synchronized (signal) {
      urgent = true;
      signalled = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      long wait;
      boolean probe = false;
      boolean backingOff = true;
      try {
        engine.syncNow();
        backoff.reset();
        ensurePokes();
        wait = options.idleInterval().toMillis();
        backingOff = false;
      } catch (FieldSyncException e) {
        if (SdkErrorCodes.DEVICE_REVOKED.equals(e.code())
            || SdkErrorCodes.DEVICE_LOST.equals(e.code())) {
          running = false;
          Thread t = new Thread(this::revoked, "fieldsync-wipe");
          t.setDaemon(true);
          t.start();
          return;
        }
        wait = backoff.nextDelayMillis();
        if (e.retryAfter().isPresent()) {
          long asked = e.retryAfter().get().compareTo(MAX_RETRY_AFTER) > 0
              ? MAX_RETRY_AFTER.toMillis() : e.retryAfter().get().toMillis();
          wait = Math.max(wait, asked);
        } else {
          probe = SdkErrorCodes.TRANSPORT_UNAVAILABLE.equals(e.code())
              && Failures.neverOpened(e.getCause());
        }
        LOG.log(Level.DEBUG, "sync failed (" + e.code() + "); next try in " + wait + " ms");
      } catch (RuntimeException e) {
        wait = backoff.nextDelayMillis();
        LOG.log(Level.WARNING, "unexpected sync failure; will retry", e);
      }
      if (!awaitSignal(wait, probe, backingOff)) {
        return;
      }
    }
  }

  /**
   * Waits for a nudge or the timeout, probing the server meanwhile if asked; false if the engine
   * is stopping. While backing off, a save or a poke does not end the wait (it is remembered for
   * the next pass): only the timeout, a probe that finds the server, or the platform's
   * connectivity hint does, so a busy worker cannot defeat the backoff or a Retry-After.
   */
  private boolean awaitSignal(long millis, boolean probe, boolean backingOff) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    long probeMillis = Math.max(1, options.probeInterval().toMillis());
    while (running) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return running;
      }
      if (waitForNudge(probe ? Math.min(left, probeMillis) : left, backingOff)) {
        return running;
      }
      if (probe && running && deadline - System.nanoTime() > 0 && api.reachable()) {
        LOG.log(Level.DEBUG, "the server answers again; syncing now");
        backoff.reset();
        return running;
      }
    }
    return false;
  }

  /**
   * Waits up to {@code millis} for a nudge (only an urgent one while backing off); true if one
   * came (or the engine is stopping).
   */
  private boolean waitForNudge(long millis, boolean backingOff) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (signal) {
      while (!(backingOff ? urgent : signalled) && running) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        try {
          signal.wait(left);
        } catch (InterruptedException e) {
          running = false;
          Thread.currentThread().interrupt();
          return true;
        }
      }
      signalled = false;
      urgent = false;
      return true;
    }
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
      LOG.log(Level.DEBUG, "poke socket unavailable; polling every " + options.idleInterval());
    }
  }

  private void closePokes() {
    Transport.PokeSocket p = pokes;
    pokes = null;
    if (p != null) {
      try {
        p.close();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing poke socket", e);
      }
    }
  }
}
