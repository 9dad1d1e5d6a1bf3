package org.fieldsync.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldsync.client.Attention;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.store.Changes;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.wire.Change;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.RemovedChange;
import org.fieldsync.protocol.wire.WithdrawnChange;

/**
 * Applies one pulled page and its checkpoint in a single local transaction, so a crash between
 * pages re-pulls at most one page, and applying a change twice is harmless.
 *
 * <p>Local work always survives a pull: a record with an unpushed change keeps the worker's body
 * (only its review state follows the server), a record the server refused keeps the refused text
 * until the worker fixes it, and a {@code removed} case keeps both.
 */
final class ChangeApplier {
  private static final Attention UNDER_REVIEW = new Attention(Attention.CONFLICT,
      "Someone else changed this record at the same time. Both versions are kept and a sync admin"
          + " will review them.", List.of());

  private final LocalStore store;
  private final HybridLogicalClock clock;

  ChangeApplier(LocalStore store, HybridLogicalClock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What the last {@link #apply} did that the worker should be told about. */
  private final List<RecordEvent> events = new ArrayList<>();

  /** Events from the last applied page; cleared by the next. */
  List<RecordEvent> events() {
    return List.copyOf(events);
  }

  /** Applies a page; returns how many changes it applied. */
  int apply(ChangesPage page) {
    events.clear();
    List<StoredRecord> upserts = new ArrayList<>();
    List<String> purges = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (Change c : page.changes()) {
      if (c instanceof RecordChange rc && rc.revision() != null) {
        observe(rc.revision().hlc());
        record(rc, now).ifPresent(upserts::add);
      } else if (c instanceof WithdrawnChange w && w.recordId() != null) {
        Optional<StoredRecord> local = store.get(w.recordId());
        if (local.isPresent() && !keepOnRemoval(w.recordId())) {
          purges.add(w.recordId());
          events.add(new RecordEvent(w.recordId(), RecordType.fromWire(local.get().type())
              .orElse(null), RecordEvent.Kind.WITHDRAWN, null, w.reason()));
        }
      } else if (c instanceof RemovedChange rm && rm.caseId() != null) {
        for (String id : store.recordIdsOfCase(rm.caseId())) {
          if (keepOnRemoval(id)) {
            continue;
          }
          purges.add(id);
        }
      }
      // UnknownChange: a kind from a newer server; skipped, and the checkpoint still advances.
    }
    store.apply(new Changes(upserts, purges, List.of(), page.checkpoint()));
    return page.changes().size();
  }

  private Optional<StoredRecord> record(RecordChange rc, long now) {
    var r = rc.revision();
    Optional<StoredRecord> local = store.get(r.id());
    boolean conflicted = rc.conflicted();
    if (store.outboxFor(r.id()).isPresent() && local.isPresent()) {
      // The worker's unpushed edit wins locally until it is pushed; it joins any conflict then.
      StoredRecord s = local.get();
      if (conflicted && !SyncState.UNDER_REVIEW.name().equals(s.state())) {
        return Optional.of(s.withSync(s.serverRev(), SyncState.UNDER_REVIEW.name(),
            RecordMapper.attentionJson(underReview(rc))));
      }
      return Optional.empty();
    }
    if (local.isPresent() && SyncState.NEEDS_ATTENTION.name().equals(local.get().state())) {
      return Optional.empty(); // Keep the refused text until the worker fixes it.
    }
    if (conflicted && local.isPresent()
        && SyncState.UNDER_REVIEW.name().equals(local.get().state())) {
      // While a sync admin reviews, each tablet keeps showing its own side (the server has every
      // side); the resolution replaces it when it arrives with status "current".
      return Optional.empty();
    }
    SyncState state = conflicted ? SyncState.UNDER_REVIEW : SyncState.SYNCED;
    RecordType type = RecordType.fromWire(r.type()).orElse(null);
    boolean wasReviewed = local.isPresent()
        && SyncState.UNDER_REVIEW.name().equals(local.get().state());
    boolean known = local.isEmpty() || r.rev().equals(local.get().rev());
    Attention why = conflicted ? underReview(rc) : null;
    if (conflicted && !wasReviewed && local.isPresent()) {
      events.add(new RecordEvent(r.id(), type, RecordEvent.Kind.UNDER_REVIEW, why, null));
    } else if (!conflicted && !known
        && RecordChange.ORIGIN_RESOLUTION.equals(rc.origin())) {
      events.add(new RecordEvent(r.id(), type, RecordEvent.Kind.RESOLVED, null, rc.note()));
    } else if (!conflicted && !known && RecordChange.ORIGIN_MERGE.equals(rc.origin())) {
      events.add(new RecordEvent(r.id(), type, RecordEvent.Kind.MERGED, null, null));
    }
    return Optional.of(RecordMapper.fromRevision(r, r.rev(), state, why, now));
  }

  /** Why a record is under review: the fields a sync admin is deciding, when the server says. */
  private static Attention underReview(RecordChange rc) {
    if (rc.reviewFields() == null) {
      return UNDER_REVIEW;
    }
    return new Attention(UNDER_REVIEW.code(), "Someone else changed " + String.join(", ",
        rc.reviewFields()) + " at the same time. Every version is kept and a sync admin will"
        + " decide.", rc.reviewFields().stream().map(f -> new FieldError(f,
            SdkErrorCodes.CONFLICT_FIELD, f + " is under review")).toList());
  }

  private boolean keepOnRemoval(String id) {
    if (store.outboxFor(id).isPresent()) {
      return true;
    }
    return store.get(id).map(s -> SyncState.NEEDS_ATTENTION.name().equals(s.state()))
        .orElse(false);
  }

  private void observe(String hlc) {
    if (hlc != null && Hlc.isValid(hlc)) {
      clock.observe(Hlc.parse(hlc));
    }
  }
}
