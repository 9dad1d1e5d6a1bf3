package org.fieldsync.server.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.DeviceRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push with group commit. Validation (CPU only) runs on the caller's worker thread; the storage
 * decisions run on one writer thread that drains every push waiting at that moment into a single
 * transaction, so a burst of tablets reconnecting together costs one fsync, not one each. If that
 * shared transaction fails, each push is retried alone, so one bad batch cannot fail its
 * neighbours.
 */
public final class PushService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

  /**
   * What one push did.
   *
   * @param outcomes per item, in request order
   * @param usersToPoke users holding the touched cases
   */
  public record Result(List<PushOutcome> outcomes, Set<String> usersToPoke) {}

  private record Job(Principal who, List<Revision> revs, List<ValidationResult> validations,
      List<String> signatures, List<List<String>> proofs, DeviceRow report,
      CompletableFuture<Result> done, long queuedAt) {}

  /** Told of every push's end (for metrics); must be quick and must not throw. */
  @FunctionalInterface
  public interface Observer {
    /** A push ended: its outcomes (null when it failed), how long it took, and why it failed. */
    void pushed(List<PushOutcome> outcomes, long nanos, Throwable error);
  }

  private final Store store;
  private final Clock time;
  /** The server's clock, for the revisions it writes itself (merges, resolutions). */
  private final HybridLogicalClock clock;
  private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
  private volatile Observer observer = (o, n, e) -> { };
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fieldsync-writer");
    t.setDaemon(true);
    return t;
  });

  public PushService(Store store) {
    this(store, Clock.systemUTC());
  }

  /** A push service on {@code time}: revisions more than an hour ahead of it are refused. */
  public PushService(Store store, Clock time) {
    this.store = store;
    this.time = time;
    this.clock = new HybridLogicalClock(Reconcile.SERVER_DEVICE, time::millis);
  }

  /** Validates on the calling thread, then queues for the writer. Never blocks on storage. */
  public CompletableFuture<Result> push(Principal who, List<Revision> revs) {
    return push(who, revs, List.of(), null, null);
  }

  /**
   * As {@link #push(Principal, List)}, with each revision's device signature, a check of those
   * signatures (null when they were not checked), and what the device reported about itself.
   */
  public CompletableFuture<Result> push(Principal who, List<Revision> revs,
      List<String> signatures, SignatureCheck check, DeviceRow report) {
    return push(who, revs, signatures, List.of(), check, report);
  }

  /**
   * As above for a push signed once: {@code signatures} holds the root signature for every
   * revision and {@code proofs} each revision's path to the root (kept beside it).
   */
  public CompletableFuture<Result> push(Principal who, List<Revision> revs,
      List<String> signatures, List<List<String>> proofs, SignatureCheck check,
      DeviceRow report) {
    List<ValidationResult> v = new ArrayList<>(revs.size());
    long now = time.millis();
    for (Revision r : revs) {
      v.add(RecordValidator.validate(r, now));
    }
    for (int i = 0; check != null && i < revs.size(); i++) {
      String refusal = check.refusal(revs.get(i), i < signatures.size() ? signatures.get(i) : null);
      if (refusal != null) {
        v.set(i, new ValidationResult(List.of(new FieldError("signature", refusal,
            PushDecider.CODE_DEVICE_MISMATCH.equals(refusal)
                ? "the revision names another device than the one pushing it"
                : "the device's signature of this revision does not verify"))));
      }
    }
    Job job = new Job(who, revs, v, signatures, proofs, report, new CompletableFuture<>(),
        System.nanoTime());
    job.done().whenComplete((r, e) -> observer.pushed(r == null ? null : r.outcomes(),
        System.nanoTime() - job.queuedAt(), e));
    queue.add(job);
    writer.execute(this::drain);
    return job.done();
  }

  /** Tells {@code o} of every push's end. */
  public void observe(Observer o) {
    observer = o;
  }

  private void drain() {
    List<Job> jobs = new ArrayList<>();
    for (Job j; (j = queue.poll()) != null; ) {
      jobs.add(j);
    }
    if (jobs.isEmpty()) {
      return; // an earlier drain took them
    }
    try {
      List<Result> results = store.write(tx -> {
        List<Result> out = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
          out.add(run(tx, j));
        }
        return out;
      });
      for (int i = 0; i < jobs.size(); i++) {
        jobs.get(i).done().complete(results.get(i));
      }
    } catch (RuntimeException e) {
      if (jobs.size() == 1) {
        jobs.get(0).done().completeExceptionally(e);
        return;
      }
      LOG.warn("group commit of {} pushes failed; retrying each alone", jobs.size(), e);
      for (Job j : jobs) {
        try {
          j.done().complete(store.write(tx -> run(tx, j)));
        } catch (RuntimeException single) {
          j.done().completeExceptionally(single);
        }
      }
    }
  }

  /** Checks one revision's device signature: null when it is good, else the refusal code. */
  @FunctionalInterface
  public interface SignatureCheck {
    String refusal(Revision r, String signature);
  }

  /** The server's hybrid logical clock. */
  public HybridLogicalClock clock() {
    return clock;
  }

  private Result run(Tx tx, Job j) throws Exception {
    PushDecider d = new PushDecider(tx, j.who(), time.millis(), clock);
    List<PushOutcome> outcomes = d.decideAll(j.revs(), j.validations(), j.signatures(),
        j.proofs());
    if (j.report() != null) {
      tx.devices().seen(j.report());
    }
    AuditChain.append(tx, d.audits(), time.millis());
    Set<String> cases = d.touchedCases().stream().filter(c -> !c.isEmpty())
        .collect(Collectors.toSet());
    return new Result(outcomes, cases.isEmpty() ? Set.of() : tx.directory().usersHolding(cases));
  }

  @Override
  public void close() {
    writer.shutdown();
  }
}
