package org.fieldsync.server.export;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.store.ExportEntry;
import org.fieldsync.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the export outbox (decision 0033), on worker threads, at least once.
 *
 * <p>Each node looks for due entries every {@code pollMillis}. It claims a batch in one write
 * transaction (writes are serialised across nodes, so no two nodes claim one entry; a claim
 * lapses after {@code leaseMillis}, so a node that died mid-delivery holds nothing for long),
 * builds each message from the stored revision, hands the batch to the sink, and records every
 * answer in one transaction with its audit events. Only a record's earliest undelivered entry is
 * ever due, so a record's revisions reach a sink in order, and a dead entry holds back that
 * record's later ones until an admin retries or skips it.
 *
 * <p>A failed attempt is tried again after an exponential backoff with equal jitter: half the
 * doubled delay fixed, half random. Rejected: full jitter (AWS's other scheme), which can retry
 * at once and so hammer a receiver that is down; no jitter, which sends every node's retries at
 * the same moment. Times come from the injected clock, so tests move time rather than wait.
 */
public final class ExportDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExportDispatcher.class);
  static final String ACTOR = "export";
  private final Vertx vertx;
  private final Store store;
  private final ExportSettings settings;
  private final Clock clock;
  private final String node;
  private final byte[] pseudonymKey;
  private final Map<String, Sink> sinks = new LinkedHashMap<>();
  private final Map<String, AtomicBoolean> running = new HashMap<>();
  private final RandomGenerator random = new SecureRandom();
  private final List<Long> timers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * A dispatcher.
   *
   * @param vertx for its timers and workers
   * @param store the outbox
   * @param settings sinks, states and pace
   * @param keys signs HTTP deliveries
   * @param pseudonymKey keys authors' pseudonyms for reporting sinks
   * @param clock when entries are due
   * @param node this node's id (claims name it)
   */
  public ExportDispatcher(Vertx vertx, Store store, ExportSettings settings, ServerKeys keys,
      byte[] pseudonymKey, Clock clock, String node) {
    this.vertx = vertx;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.node = node;
    this.pseudonymKey = pseudonymKey.clone();
    for (ExportSettings.Sink s : settings.sinks()) {
      sinks.put(s.name(), s.kind().equals("http")
          ? new HttpSink(s, settings.concurrency(), keys, clock) : new FileSink(s, clock));
      running.put(s.name(), new AtomicBoolean());
    }
  }

  /** Installs the outbox hook on the store and starts delivering. No sinks: does nothing. */
  public ExportDispatcher start() {
    if (sinks.isEmpty()) {
      return this;
    }
    store.onCurrent(new ExportHook(settings));
    for (String name : sinks.keySet()) {
      timers.add(vertx.setPeriodic(settings.pollMillis(), t -> kick(name)));
    }
    return this;
  }

  /** The settings it runs with. */
  public ExportSettings settings() {
    return settings;
  }

  private void kick(String sink) {
    AtomicBoolean busy = running.get(sink);
    if (closed || !busy.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      while (!closed && cycle(sink) > 0) {
        // Keep going while entries are due: a backlog drains at the sink's pace, not the poll's.
      }
      return null;
    }, false).onComplete(ar -> {
      busy.set(false);
      if (ar.failed()) {
        LOG.warn("export to {} paused: {}", sink, ar.cause().toString());
      }
    });
  }

  /** One claim-deliver-record round for a sink; the number of entries it handled. */
  int cycle(String sinkName) {
    ExportSettings.Sink cfg = settings.sinks().stream().filter(s -> s.name().equals(sinkName))
        .findFirst().orElseThrow();
    List<ExportEntry> claimed = store.write(tx -> tx.exports().claim(sinkName, node,
        clock.millis(), settings.leaseMillis(), settings.batch()));
    if (claimed.isEmpty()) {
      return 0;
    }
    List<Sink.Message> messages = new ArrayList<>();
    List<ExportEntry> sendable = new ArrayList<>();
    List<ExportEntry> missing = new ArrayList<>();
    store.read(tx -> {
      for (ExportEntry e : claimed) {
        Revision r = tx.revisions().revision(e.recordId(), e.rev()).orElse(null);
        if (r == null) {
          missing.add(e);
          continue;
        }
        String supersedes = tx.exports().supersedes(sinkName, e.recordId(), e.seq())
            .orElse(null);
        String label = null;
        Map<String, String> initials = new HashMap<>();
        if (cfg.pseudonyms() && r.caseId() != null) {
          label = tx.directory().caseLabels(List.of(r.caseId())).get(r.caseId());
          for (String c : r.childIds()) {
            tx.imports().childInitials(r.caseId(), c).ifPresent(i -> initials.put(c, i));
          }
        }
        messages.add(new Sink.Message(e.key(), ExportMessage.build(e, r, supersedes, cfg, label,
            initials, pseudonymKey)));
        sendable.add(e);
      }
      return null;
    });
    List<Sink.Result> results = sendable.isEmpty() ? List.of()
        : sinks.get(sinkName).deliver(messages);
    long now = clock.millis();
    store.write(tx -> {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < sendable.size(); i++) {
        ExportEntry e = sendable.get(i);
        Sink.Result r = results.get(i);
        if (r.ok()) {
          if (tx.exports().delivered(sinkName, e.recordId(), e.rev(), now, r.answer())) {
            events.add(event("export.delivered", e, "attempts", e.attempts() + 1));
          }
        } else {
          int attempts = e.attempts() + 1;
          boolean dead = r.permanent() || attempts >= settings.maxAttempts();
          if (tx.exports().failed(sinkName, e.recordId(), e.rev(), node,
              now + backoff(attempts), r.answer(), dead)) {
            events.add(event(dead ? "export.dead" : "export.failed", e, "attempts", attempts,
                "answer", clip(r.answer())));
          }
        }
      }
      for (ExportEntry e : missing) {
        if (tx.exports().failed(sinkName, e.recordId(), e.rev(), node, now,
            "the revision is not in the store", true)) {
          events.add(event("export.dead", e, "answer", "revision missing"));
        }
      }
      if (!events.isEmpty()) {
        AuditChain.append(tx, events, System.currentTimeMillis());
      }
      return null;
    });
    return claimed.size();
  }

  private static AuditEvent event(String action, ExportEntry e, Object... detail) {
    Object[] d = new Object[detail.length + 2];
    d[0] = "sink";
    d[1] = e.sink();
    System.arraycopy(detail, 0, d, 2, detail.length);
    return AuditEvent.anonymousBy(ACTOR, action, e.key(), d);
  }

  private static String clip(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /** The wait before attempt {@code attempts + 1}: equal jitter over a doubling delay. */
  long backoff(int attempts) {
    long d = settings.backoffMillis() << Math.min(30, Math.max(0, attempts - 1));
    d = Math.min(settings.maxBackoffMillis(), d < 0 ? Long.MAX_VALUE : d);
    long half = d / 2;
    return half + random.nextLong(half + 1);
  }

  @Override
  public void close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    sinks.values().forEach(Sink::close);
  }
}
