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
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.store.OutboxRemoval;
import org.fieldsync.client.internal.store.StoredReceipt;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.Problem;
import org.fieldsync.protocol.wire.PushOutcome;

/**
 * Applies push outcomes to the local store. Runs under the SDK's write lock, so a save cannot
 * interleave; a save made while the push was in flight is detected (the outbox entry's rev
 * differs from the pushed one) and rebased on what the server now has, never dropped.
 */
final class OutcomeApplier {
  /** Counts of what one batch's outcomes did, and what the worker should be told. */
  record Tally(int accepted, int conflicts, int rejected, int retryLater,
      List<RecordEvent> events) {}

  private final LocalStore store;
  private final ReceiptVerifier receipts;

  OutcomeApplier(LocalStore store, ReceiptVerifier receipts) {
    this.store = store;
    this.receipts = receipts;
  }

  Tally apply(List<OutboxEntry> pushed, List<PushOutcome> outcomes) {
    int accepted = 0;
    int conflicts = 0;
    int rejected = 0;
    int retry = 0;
    List<RecordEvent> events = new ArrayList<>();
    // Receipts first, in their own transaction: if the device stops before the outcomes are
    // applied, the batch is pushed again and the duplicates bring the same receipts.
    List<StoredReceipt> kept = new ArrayList<>();
    for (PushOutcome o : outcomes) {
      if (o != null && o.receipt() != null) {
        kept.add(receipts.keep(o.receipt()));
      }
    }
    if (!kept.isEmpty()) {
      store.apply(Changes.receipts(kept));
    }
    for (int i = 0; i < pushed.size(); i++) {
      OutboxEntry e = pushed.get(i);
      PushOutcome o = i < outcomes.size() ? outcomes.get(i) : null;
      if (o == null || !e.recordId().equals(o.id()) || !e.rev().equals(o.rev())) {
        retry++; // An answer that does not match what we sent: keep the entry, try again later.
        continue;
      }
      Outcome effective = o.outcome() == Outcome.DUPLICATE
          ? (o.firstOutcome() == null ? Outcome.ACCEPTED : o.firstOutcome())
          : o.outcome();
      switch (effective) {
        case ACCEPTED -> {
          acknowledged(e, e.rev(), SyncState.SYNCED, null);
          accepted++;
        }
        case MERGED -> {
          merged(e, o.merged());
          events.add(new RecordEvent(e.recordId(), type(e), RecordEvent.Kind.MERGED, null, null));
          accepted++;
        }
        case CONFLICT -> {
          Attention why = underReview(o.error());
          acknowledged(e, e.rev(), SyncState.UNDER_REVIEW, why);
          events.add(new RecordEvent(e.recordId(), type(e), RecordEvent.Kind.UNDER_REVIEW, why,
              null));
          conflicts++;
        }
        case REJECTED -> {
          Attention why = rejected(e, o.error());
          if (why != null) {
            events.add(new RecordEvent(e.recordId(), type(e), RecordEvent.Kind.NEEDS_ATTENTION,
                why, null));
          }
          rejected++;
        }
        default -> retry++;
      }
    }
    return new Tally(accepted, conflicts, rejected, retry, events);
  }

  /** Why a record is under review: the server's problem with its conflicting fields, if sent. */
  static Attention underReview(Problem p) {
    if (p != null && p.code() != null && p.message() != null) {
      return new Attention(p.code(), p.message(), p.errors());
    }
    return new Attention(Attention.CONFLICT, "Someone else changed this record at the same"
        + " time. Both versions are kept and a sync admin will review them.", List.of());
  }

  private static RecordType type(OutboxEntry e) {
    try {
      Revision r = ProtocolCodec.decode(e.revisionJson(), Revision.class);
      return RecordType.fromWire(r.type()).orElse(null);
    } catch (RuntimeException ex) {
      return null;
    }
  }

  /** The server holds {@code e}'s revision (as winner or as a conflict side). */
  private void acknowledged(OutboxEntry e, String serverRev, SyncState state, Attention why) {
    StoredRecord s = store.get(e.recordId()).orElse(null);
    if (s == null) {
      store.apply(Changes.removeOutbox(new OutboxRemoval(e.recordId(), e.rev())));
      return;
    }
    Optional<OutboxEntry> current = store.outboxFor(e.recordId());
    if (current.isPresent() && !current.get().rev().equals(e.rev())) {
      rebase(s, current.get(), serverRev, state == SyncState.UNDER_REVIEW ? state
          : SyncState.PENDING, why);
      return;
    }
    StoredRecord updated = s.withSync(serverRev, state.name(), RecordMapper.attentionJson(why));
    store.apply(new Changes(List.of(updated), List.of(),
        List.of(new OutboxRemoval(e.recordId(), e.rev())), null));
  }

  private void merged(OutboxEntry e, Revision merged) {
    if (merged == null) {
      acknowledged(e, e.rev(), SyncState.SYNCED, null);
      return;
    }
    StoredRecord s = store.get(e.recordId()).orElse(null);
    Optional<OutboxEntry> current = store.outboxFor(e.recordId());
    if (s != null && current.isPresent() && !current.get().rev().equals(e.rev())) {
      rebase(s, current.get(), merged.rev(), SyncState.PENDING, null);
      return;
    }
    StoredRecord row = RecordMapper.fromRevision(merged, merged.rev(), SyncState.SYNCED, null,
        System.currentTimeMillis());
    store.apply(new Changes(List.of(row), List.of(),
        List.of(new OutboxRemoval(e.recordId(), e.rev())), null));
  }

  private Attention rejected(OutboxEntry e, Problem p) {
    StoredRecord s = store.get(e.recordId()).orElse(null);
    Optional<OutboxEntry> current = store.outboxFor(e.recordId());
    if (s == null || (current.isPresent() && !current.get().rev().equals(e.rev()))) {
      return null; // The worker already saved a newer version; that one is pushed next.
    }
    Attention why = p == null
        ? new Attention(SdkErrorCodes.RECORD_REJECTED, "The server refused this record.", List.of())
        : new Attention(p.code(), p.message(), p.errors());
    StoredRecord updated = s.withSync(s.serverRev(), SyncState.NEEDS_ATTENTION.name(),
        RecordMapper.attentionJson(why));
    store.apply(new Changes(List.of(updated), List.of(),
        List.of(new OutboxRemoval(e.recordId(), e.rev())), null));
    return why;
  }

  /** Re-parents a newer unpushed edit onto the revision the server now holds. */
  private void rebase(StoredRecord s, OutboxEntry newer, String onto, SyncState state,
      Attention why) {
    Revision pending = ProtocolCodec.decode(newer.revisionJson(), Revision.class);
    Revision draft = pending.withRev(null, onto);
    Revision rebased = draft.withRev(Revisions.computeRev(draft), onto);
    StoredRecord row = RecordMapper.fromRevision(rebased, onto, state, why,
        System.currentTimeMillis());
    store.saveLocal(row, new OutboxEntry(rebased.id(), rebased.rev(), onto, newer.queuedSeq(),
        ProtocolCodec.encodeToString(rebased)));
  }
}
