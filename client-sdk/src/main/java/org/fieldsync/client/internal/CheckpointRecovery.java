package org.fieldsync.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.store.Changes;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.Change;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.RecordChange;

/**
 * What the device does when the server no longer honours its checkpoint: {@code 410
 * sync.checkpoint.reset} (the server was restored from a backup, or is another server) or {@code
 * 400 sync.checkpoint.invalid} (a checkpoint it never issued). The server may have lost what this
 * device pushed since its backup, so the device rebuilds its view from the start and pushes again
 * what the server lacks (PROTOCOL.md sections 8.3 and 10):
 *
 * <ol>
 *   <li>note every record whose current revision this device made and the server acknowledged;
 *   <li>pull from the start, without {@code since} and without naming the device (so its own
 *       records come back too), applying every page, except a noted record the server returns
 *       in another state: the device keeps its own, to push it;
 *   <li>queue again, exactly as it is, every noted record the pull did not return in the same
 *       state (a record the server lacks is then accepted as new; one it has in another state
 *       merges or conflicts as usual);
 *   <li>push; a kept record the server turns out to have had ({@code duplicate}: the server's
 *       state descends from it) then takes the state the pull returned;
 *   <li>only then store the pull's last checkpoint.
 * </ol>
 *
 * <p>The checkpoint is stored last so the whole is restartable: if the device stops halfway, its
 * old checkpoint is refused again and it starts over, and every step is idempotent. It never
 * resumes from a later position and drops no local change. A record whose current revision another
 * device made is left to its maker, the only one who can sign it; one whose current revision the
 * server made (a merge, a resolution) and lost cannot be signed by any device: it stays on the
 * tablet as it is, and is counted in the log.
 */
final class CheckpointRecovery {
  private static final Logger LOG = System.getLogger(CheckpointRecovery.class.getName());

  /** What the recovery did. */
  record Result(int pulled, OutboxPusher.Pushed pushed, int queued) {}

  private final LocalStore store;
  private final ServerApi api;
  private final String deviceId;
  private final Object writeLock;
  private final int pageSize;

  CheckpointRecovery(LocalStore store, ServerApi api, String deviceId, Object writeLock,
      int pageSize) {
    this.store = store;
    this.api = api;
    this.deviceId = deviceId;
    this.writeLock = writeLock;
    this.pageSize = pageSize;
  }

  /** Whether the server's answer to a pull means the device must recover this way. */
  static boolean needed(FieldSyncException e) {
    return ErrorCodes.CHECKPOINT_RESET.equals(e.code())
        || ErrorCodes.CHECKPOINT_INVALID.equals(e.code());
  }

  /**
   * Runs the recovery.
   *
   * @param applyPage applies a page (its checkpoint, if any, with it) and says how many changes
   * @param push pushes the outbox
   * @throws FieldSyncException when the server fails meanwhile; the device starts over next pass
   */
  Result run(String why, ToIntFunction<ChangesPage> applyPage, Supplier<OutboxPusher.Pushed> push) {
    LOG.log(Level.WARNING, "the server no longer honours this device's checkpoint (" + why
        + "): pulling from the start and pushing again what the server lacks");
    Map<String, String> mine = new HashMap<>();
    Set<String> others = new HashSet<>();
    acknowledged(mine, others);
    Map<String, String> returned = new HashMap<>();
    Map<String, RecordChange> held = new HashMap<>();
    String checkpoint = null;
    int pulled = 0;
    boolean more = true;
    while (more) {
      ChangesPage page = api.changes(checkpoint, pageSize, false);
      List<Change> apply = new ArrayList<>();
      for (Change c : page.changes()) {
        if (c instanceof RecordChange rc && rc.revision() != null) {
          String id = rc.revision().id();
          returned.put(id, rc.revision().rev());
          String own = mine.get(id);
          if (own != null && !own.equals(rc.revision().rev())) {
            held.put(id, rc);
            continue;
          }
          held.remove(id); // a later page caught up with the device's own state
        }
        apply.add(c);
      }
      // Pages are applied without their checkpoint: it is stored only at the end.
      pulled += applyPage.applyAsInt(new ChangesPage(apply, null, page.hasMore()));
      checkpoint = page.checkpoint();
      more = page.hasMore();
    }
    int queued = queueMissing(mine, returned);
    others.removeAll(returned.keySet());
    if (!others.isEmpty()) {
      LOG.log(Level.WARNING, others.size() + " records on this device are not on the server and"
          + " were made by another device or by the server; they stay here as they are");
    }
    OutboxPusher.Pushed pushed = push.get();
    List<Change> late = new ArrayList<>();
    held.forEach((id, change) -> {
      if (pushed.duplicates().contains(id)) {
        late.add(change);
      }
    });
    if (!late.isEmpty()) {
      pulled += applyPage.applyAsInt(new ChangesPage(late, null, false));
    }
    if (checkpoint != null) {
      store.apply(new Changes(List.of(), List.of(), List.of(), checkpoint));
    }
    LOG.log(Level.INFO, "recovered from the start: " + pulled + " changes pulled, " + queued
        + " records the server lacked pushed again");
    return new Result(pulled, pushed, queued);
  }

  /**
   * Sorts the records the server acknowledged (synced, or under review) with nothing pending:
   * into {@code mine} (id to rev) those whose current revision this device made, into {@code
   * others} the rest. A pending record is pushed anyway; a refused one waits for the worker's fix.
   */
  private void acknowledged(Map<String, String> mine, Set<String> others) {
    List<StoredRecord> rows = new ArrayList<>(store.byState(SyncState.SYNCED.name()));
    rows.addAll(store.byState(SyncState.UNDER_REVIEW.name()));
    for (StoredRecord s : rows) {
      if (store.outboxFor(s.recordId()).isPresent()) {
        continue;
      }
      if (deviceId.equals(s.deviceId())) {
        mine.put(s.recordId(), s.rev());
      } else {
        others.add(s.recordId());
      }
    }
  }

  /** Queues again, as it is, each of the device's records the pull did not return as it is. */
  private int queueMissing(Map<String, String> mine, Map<String, String> returned) {
    int queued = 0;
    synchronized (writeLock) {
      for (Map.Entry<String, String> m : mine.entrySet()) {
        String id = m.getKey();
        if (m.getValue().equals(returned.get(id))) {
          continue;
        }
        StoredRecord s = store.get(id).orElse(null);
        if (s == null || !s.rev().equals(m.getValue()) || store.outboxFor(id).isPresent()) {
          continue; // the worker changed it meanwhile: that change is pushed instead
        }
        if (s.parentRev() == null && Revisions.generationOf(s.rev()) != 1) {
          LOG.log(Level.WARNING, "record " + id + " cannot be pushed again as it is: its"
              + " parent revision is not known on this device");
          continue;
        }
        Revision r = RecordMapper.toRevision(s);
        // Built on its own parent, as when it was first pushed: a further edit replaces it.
        SyncState state = SyncState.UNDER_REVIEW.name().equals(s.state())
            ? SyncState.UNDER_REVIEW : SyncState.PENDING;
        store.saveLocal(s.withSync(r.parentRev(), state.name(), s.attention()),
            new OutboxEntry(id, r.rev(), r.parentRev(), -1, ProtocolCodec.encodeToString(r)));
        queued++;
      }
    }
    return queued;
  }
}
