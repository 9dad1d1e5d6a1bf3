package org.fieldsync.server.sync;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.wire.Caseload;
import org.fieldsync.protocol.wire.Change;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.RemovedChange;
import org.fieldsync.protocol.wire.WithdrawnChange;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.FeedRow;
import org.fieldsync.server.store.Scope;
import org.fieldsync.server.store.ScopeEvent;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * The change feed: record changes and scope events merged in server-sequence order, filtered by
 * the user's <em>current</em> scope on every read, so a case that left the user's scope never
 * leaks, and a case that joined it is back-filled in full.
 *
 * <p>Delivery is at least once: a record may appear twice (for example in a back-fill and as a
 * live change), and clients apply changes idempotently.
 */
public final class ChangesService {
  private final Store store;
  private final CheckpointCodec checkpoints;
  private volatile Observer observer = (o, n) -> { };

  public ChangesService(Store store, CheckpointCodec checkpoints) {
    this.store = store;
    this.checkpoints = checkpoints;
  }

  /**
   * Blocking: one page from {@code since}, at most {@code limit} changes. {@code deviceId}, when
   * given, leaves out that device's own current revisions, which it already holds.
   */
  public ChangesPage page(Principal who, String since, int limit, String deviceId) {
    return page(who, since, limit, deviceId, null);
  }

  /**
   * As above; with {@code caseloadTag} (the tag of the caseload the client keeps, or "" for
   * none), the last page also says the caseload's tag now, and carries the caseload when it
   * changed, so a client needs no separate caseload request.
   */
  public ChangesPage page(Principal who, String since, int limit, String deviceId,
      String caseloadTag) {
    long t0 = System.nanoTime();
    String outcome = "error";
    try {
      ChangesPage page = store.read(tx -> {
        Checkpoint from = checkpoints.decode(since, tx.feed().currentSeq());
        ChangesPage p = new Pager(tx, who, limit, deviceId, checkpoints).page(from);
        return caseloadTag == null || p.hasMore() ? p
            : p.withCaseload(new Caseload(tx.directory().caseload(who.scope())), caseloadTag);
      });
      outcome = "ok";
      return page;
    } catch (ProtocolException e) {
      outcome = ErrorCodes.CHECKPOINT_RESET.equals(e.code()) ? "reset" : "invalid";
      throw e;
    } finally {
      observer.pulled(outcome, System.nanoTime() - t0);
    }
  }

  /** Told of every page served (for metrics); must be quick and must not throw. */
  @FunctionalInterface
  public interface Observer {
    /** A page ended: ok, reset (410), invalid (400) or error, and how long it took. */
    void pulled(String outcome, long nanos);
  }

  /** Tells {@code o} of every page served. */
  public void observe(Observer o) {
    observer = o;
  }

  private static final class Pager {
    private final Tx tx;
    private final Principal who;
    private final Scope scope;
    private final int limit;
    private final String deviceId;
    private final CheckpointCodec checkpoints;
    private final List<Change> out = new ArrayList<>();

    Pager(Tx tx, Principal who, int limit, String deviceId, CheckpointCodec checkpoints) {
      this.checkpoints = checkpoints;
      this.tx = tx;
      this.who = who;
      this.scope = who.scope();
      this.limit = limit;
      this.deviceId = deviceId;
    }

    ChangesPage page(Checkpoint from) throws SQLException {
      long hi = tx.feed().currentSeq();
      long s = from.s();
      if (from.backfilling()) {
        Checkpoint more = backfill(from.c(), from.e(), from.a(), from.consent());
        if (more != null) {
          return new ChangesPage(out, checkpoints.encode(more), true);
        }
        s = from.e();
      }
      while (out.size() < limit && s < hi) {
        int room = limit - out.size();
        List<FeedRow> recs = tx.feed().changes(scope, who.userId(), s, hi, room + 1, deviceId);
        boolean events = scope.kind() == Scope.Kind.ALLOCATED
            || scope.kind() == Scope.Kind.PARTNER;
        List<ScopeEvent> evs = events ? tx.feed().scopeEvents(who.userId(), s, hi, room + 1)
            : List.of();
        // Everything up to 'safe' is fully listed by both queries.
        long safe = hi;
        if (recs.size() > room) {
          safe = Math.min(safe, recs.get(recs.size() - 1).seq() - 1);
        }
        if (evs.size() > room) {
          safe = Math.min(safe, evs.get(evs.size() - 1).seq() - 1);
        }
        int ri = 0;
        int ei = 0;
        while (out.size() < limit) {
          long rs = ri < recs.size() ? recs.get(ri).seq() : Long.MAX_VALUE;
          long es = ei < evs.size() ? evs.get(ei).seq() : Long.MAX_VALUE;
          long next = Math.min(rs, es);
          if (next > safe) {
            break;
          }
          if (rs <= es) {
            FeedRow row = recs.get(ri++);
            out.add(change(row));
            s = row.seq();
          } else {
            ScopeEvent ev = evs.get(ei++);
            Checkpoint more = scopeEvent(ev);
            if (more != null) {
              return new ChangesPage(out, checkpoints.encode(more), true);
            }
            s = ev.seq();
          }
        }
        if (out.size() < limit) {
          s = Math.max(s, safe); // nothing else in scope up to 'safe'
        }
      }
      return new ChangesPage(out, checkpoints.encode(Checkpoint.at(s)), s < hi);
    }

    /** A record's change; a record restricted away from this user is withdrawn instead. */
    private static Change change(FeedRow row) {
      if (row.withheld()) {
        return new WithdrawnChange(row.seq(), row.revision().id(), WithdrawnChange.RESTRICTED);
      }
      return new RecordChange(row.seq(), row.revision(), row.status(),
          RecordChange.originOf(row.outcome()), row.note(), row.reviewFields(),
          row.authorAgency());
    }

    /** Applies one scope event; a checkpoint if a back-fill did not fit on this page. */
    private Checkpoint scopeEvent(ScopeEvent ev) throws SQLException {
      boolean nowAllocated = tx.directory().allocated(ev.caseId(), who.userId());
      if (ScopeEvent.DEALLOCATED.equals(ev.kind()) && !nowAllocated) {
        out.add(new RemovedChange(ev.caseId(), RemovedChange.DEALLOCATED));
        return null;
      }
      if (ScopeEvent.ALLOCATED.equals(ev.kind()) && nowAllocated) {
        return backfill(ev.caseId(), ev.seq(), 0L, false);
      }
      if (ScopeEvent.CONSENT.equals(ev.kind()) && nowAllocated) {
        return backfill(ev.caseId(), ev.seq(), 0L, true);
      }
      return null;
    }

    /**
     * Emits the case's records up to the allocation (or consent change) that the user may see; a
     * resume checkpoint if the page fills. A partner sees only what the case's consent shares
     * with their agency and their own entries; after a consent change ({@code consent}), each
     * record they may no longer see is withdrawn, so it leaves their tablet as a de-allocated
     * case does, while their own entries stay.
     */
    private Checkpoint backfill(String caseId, long allocSeq, long after, boolean consent)
        throws SQLException {
      if (!tx.directory().allocated(caseId, who.userId())) {
        return null;
      }
      Set<String> visible = scope.kind() == Scope.Kind.PARTNER
          ? tx.feed().visibleRecords(caseId, scope) : null;
      long a = after;
      int room = limit - out.size();
      List<FeedRow> rows = tx.feed().caseRecords(caseId, who.userId(), a, allocSeq, room + 1);
      for (int i = 0; i < Math.min(room, rows.size()); i++) {
        FeedRow row = rows.get(i);
        a = row.seq();
        if (visible == null || visible.contains(row.revision().id())) {
          out.add(change(row));
        } else if (consent) {
          out.add(new WithdrawnChange(row.seq(), row.revision().id(),
              WithdrawnChange.CONSENT));
        }
      }
      if (rows.size() <= room) {
        return null;
      }
      return Checkpoint.backfill(allocSeq - 1, caseId, allocSeq, a, consent);
    }
  }
}
