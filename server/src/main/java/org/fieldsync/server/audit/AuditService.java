package org.fieldsync.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.AuditEntry;
import org.fieldsync.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events that are not part of another write (logins, refused access, admin reads):
 * queued, and drained by one thread into one transaction at a time, so a burst costs one commit.
 * Writes that change data (pushes, resolutions, sign-offs, allocations) append their events in
 * their own transaction instead, so the change and its audit entry commit together.
 *
 * <p>An event with no actor (a request with no valid identity: a garbage token, an unknown user
 * name, a forged refresh) is not a chain row of its own: anyone can send such requests by the
 * thousand, and each would grow the hash chain that auditors read. Such events are counted per
 * action ({@link UnattributedTally}) and written as one summary row per action and period (a
 * minute by default, and whenever the trail is read or verified), with a warning in the log.
 * Every event with an actor stays a row of its own.
 */
public final class AuditService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
  private static final int VERIFY_PAGE = 5_000;

  private final Store store;
  private final Clock clock;
  private final ConcurrentLinkedQueue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
  private final Map<String, UnattributedTally> unattributed = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "fieldsync-audit");
        t.setDaemon(true);
        return t;
      });

  public AuditService(Store store) {
    this(store, Clock.systemUTC(), Duration.ofMinutes(1));
  }

  /**
   * An audit service.
   *
   * @param store where the trail is kept
   * @param clock the time entries and summaries are stamped with
   * @param summaryEvery how often unattributed events are written as summary rows
   */
  public AuditService(Store store, Clock clock, Duration summaryEvery) {
    this.store = store;
    this.clock = clock;
    long every = summaryEvery.toMillis();
    writer.scheduleWithFixedDelay(this::summarise, every, every, TimeUnit.MILLISECONDS);
  }

  /** Queues an event (or counts it, when it has no actor); never blocks, never fails a request. */
  public void record(AuditEvent e) {
    if (e.actor() == null) {
      long now = clock.millis();
      while (!unattributed.computeIfAbsent(e.action(), UnattributedTally::new).add(e, now)) {
        Thread.onSpinWait(); // summarised a moment ago: the next tally takes it
      }
      return;
    }
    queue.add(e);
    try {
      writer.execute(this::drain);
    } catch (RuntimeException closed) {
      LOG.warn("audit event after shutdown: {}", e.action());
    }
  }

  /**
   * Records a request answered 401 or 403 ({@code access.refused}); the HTTP layer's
   * {@code RefusalListener}.
   */
  public void accessRefused(Principal who, String route, int status, String code) {
    record(AuditEvent.by(who, null, "access.refused", route, "status", status, "code", code));
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>();
    for (AuditEvent e; (e = queue.poll()) != null; ) {
      batch.add(e);
    }
    append(batch);
  }

  /** Writes the counts of unattributed events since the last summary, one row per action. */
  private void summarise() {
    List<AuditEvent> summaries = new ArrayList<>();
    for (String action : List.copyOf(unattributed.keySet())) {
      UnattributedTally t = unattributed.remove(action);
      if (t != null) {
        AuditEvent s = t.summary();
        LOG.warn("security: {} requests without a valid identity ({}) since the last summary",
            t.count(), action);
        summaries.add(s);
      }
    }
    append(summaries);
  }

  private void append(List<AuditEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.write(tx -> {
        AuditChain.append(tx, batch, clock.millis());
        return null;
      });
    } catch (RuntimeException ex) {
      LOG.error("could not write {} audit events", batch.size(), ex);
    }
  }

  /** Writes what is queued and what is counted, and waits for it; for reads of the trail. */
  public void flush() {
    try {
      writer.submit(() -> {
        drain();
        summarise();
      }).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("audit flush failed", e);
    }
  }

  /** Verifies the whole chain from the store, a page at a time. */
  public AuditChain.Verification verify() {
    return verify(store);
  }

  /** Verifies the whole chain of a store. */
  public static AuditChain.Verification verify(Store store) {
    AuditChain.Verifier v = new AuditChain.Verifier();
    long after = 0;
    while (true) {
      long from = after;
      List<AuditEntry> page = store.read(tx -> tx.audit().entries(from, VERIFY_PAGE));
      for (AuditEntry e : page) {
        if (!v.accept(e)) {
          return v.result();
        }
        after = e.seq();
      }
      if (page.size() < VERIFY_PAGE) {
        return v.result();
      }
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
    summarise();
  }
}
