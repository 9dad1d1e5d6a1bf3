package org.fieldsync.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
public final class AuditService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
  private static final int VERIFY_PAGE = 5_000;

  private final Store store;
  private final ConcurrentLinkedQueue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fieldsync-audit");
    t.setDaemon(true);
    return t;
  });

  public AuditService(Store store) {
    this.store = store;
  }

  /** Queues an event; never blocks and never fails the caller's request. */
  public void record(AuditEvent e) {
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
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.write(tx -> {
        AuditChain.append(tx, batch, System.currentTimeMillis());
        return null;
      });
    } catch (RuntimeException ex) {
      LOG.error("could not write {} audit events", batch.size(), ex);
    }
  }

  /** Writes what is queued and waits for it; for shutdown and tests. */
  public void flush() {
    try {
      writer.submit(this::drain).get(30, TimeUnit.SECONDS);
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
  }
}
