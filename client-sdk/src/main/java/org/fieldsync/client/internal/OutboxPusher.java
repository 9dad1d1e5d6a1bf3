package org.fieldsync.client.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;

/**
 * The push half of a sync pass: the outbox in batches, oldest first, each batch's attachments
 * sent before it, signed with the device key, and its outcomes applied under the SDK's write lock
 * ({@link OutcomeApplier}). A revision the server refused only for its clock is stamped again
 * and pushed once more in the same pass.
 */
final class OutboxPusher {
  private static final Logger LOG = System.getLogger(OutboxPusher.class.getName());

  /**
   * What pushing did.
   *
   * @param pushed revisions pushed and answered (one stamped again and pushed twice counts twice)
   * @param duplicates records the server answered {@code duplicate}: it had the revision already
   * @param page the feed page the last push brought along, to apply after the outcomes; null
   *     when none came (nothing pushed, an older server, or revisions pushed a second time)
   */
  record Pushed(int pushed, int accepted, int conflicts, int rejected, Set<String> duplicates,
      ChangesPage page) {
    /** Both; a page from before the second push is dropped (the pass pulls as usual). */
    Pushed plus(Pushed o) {
      Set<String> d = new HashSet<>(duplicates);
      d.addAll(o.duplicates);
      return new Pushed(pushed + o.pushed, accepted + o.accepted, conflicts + o.conflicts,
          rejected + o.rejected, Set.copyOf(d), null);
    }
  }

  private final LocalStore store;
  private final ServerApi api;
  private final DeviceSecurity security;
  private final Object writeLock;
  private final StatusHub status;
  private final OutcomeApplier outcomes;
  private final AttachmentFiles attachments;
  private final int batchSize;

  OutboxPusher(LocalStore store, ServerApi api, DeviceSecurity security, Object writeLock,
      StatusHub status, OutcomeApplier outcomes, AttachmentFiles attachments, int batchSize) {
    this.store = store;
    this.api = api;
    this.security = security;
    this.writeLock = writeLock;
    this.status = status;
    this.outcomes = outcomes;
    this.attachments = attachments;
    this.batchSize = batchSize;
  }

  /**
   * Pushes the outbox. Revisions stamped again because their clock was too far ahead are pushed
   * once more in the same pass (the clock was corrected by the first answer); should they be
   * refused again, they stay queued for the next pass.
   */
  Pushed pushAll() {
    return pushAll(null);
  }

  /**
   * As {@link #pushAll()}, asking the last push to bring the feed's next page along (a pass in
   * one round trip); {@code along} null asks for none.
   */
  Pushed pushAll(ServerApi.Along along) {
    List<String> restamped = new ArrayList<>();
    Pushed first = pushBatches(store.outbox(Integer.MAX_VALUE), restamped, along);
    if (restamped.isEmpty()) {
      return first;
    }
    List<OutboxEntry> again = restamped.stream().map(store::outboxFor)
        .flatMap(Optional::stream).toList();
    return first.plus(pushBatches(again, new ArrayList<>(), null));
  }

  private Pushed pushBatches(List<OutboxEntry> all, List<String> restamped,
      ServerApi.Along along) {
    ChangesPage page = null;
    // The outbox is snapshot once: entries saved during the pass go in the next pass, and an
    // entry the server keeps answering with an unknown outcome cannot spin this loop.
    int pushed = 0;
    int accepted = 0;
    int conflicts = 0;
    int rejected = 0;
    Set<String> duplicates = new HashSet<>();
    int size = batchSize;
    for (int from = 0; from < all.size(); from += size) {
      List<OutboxEntry> batch = all.subList(from, Math.min(all.size(), from + size));
      List<Revision> revs = new ArrayList<>(batch.size());
      for (OutboxEntry e : batch) {
        revs.add(ProtocolCodec.decode(e.revisionJson(), Revision.class));
      }
      uploadAttachments(revs);
      // Signed once with the device key (the root of the batch's Merkle tree), opened once at
      // unlock; without one the server refuses.
      String device = deviceIdOf(revs);
      boolean last = from + size >= all.size();
      PushResponse resp = api.push(new PushRequest(device, revs, List.of(),
          security.signPush(device, revs)), last ? along : null);
      page = last ? resp.changes() : null;
      OutcomeApplier.Tally t;
      synchronized (writeLock) {
        t = outcomes.apply(batch, resp.outcomes());
      }
      pushed += batch.size();
      accepted += t.accepted();
      conflicts += t.conflicts();
      rejected += t.rejected();
      restamped.addAll(t.restamped());
      duplicates.addAll(t.duplicates());
      status.records(t.events());
      status.countPushed(batch.size());
      status.publish();
    }
    return new Pushed(pushed, accepted, conflicts, rejected, Set.copyOf(duplicates), page);
  }

  /**
   * Sends up the bytes of every attachment these revisions name that the server does not yet
   * hold for the case, before the revisions themselves: the server refuses a record whose
   * attachment it cannot serve. An attachment this tablet does not hold is left to that refusal.
   */
  private void uploadAttachments(List<Revision> revs) {
    byte[] key = security.dataKeyIfUnlocked().orElse(null);
    if (key == null) {
      return;
    }
    for (Revision r : revs) {
      if (r.deleted() || r.caseId() == null || !r.body().contains("\"attachments\"")) {
        continue;
      }
      for (var a : ProtocolCodec.readTree(r.body()).path("attachments")) {
        String sha = a.path("sha256").asText("");
        String media = a.path("mediaType").asText("");
        try {
          if (attachments.sent(r.caseId(), sha)) {
            continue;
          }
          var bytes = attachments.get(key, sha);
          if (bytes.isPresent()) {
            api.uploadAttachment(r.caseId(), sha, media, bytes.get());
            attachments.markSent(r.caseId(), sha);
          }
        } catch (IOException | IllegalArgumentException | FieldSyncException e) {
          // Unreadable here, or refused: the push below is refused for it and the record asks
          // for attention. A refusal that matters (revoked, offline) comes again from the push.
          LOG.log(Level.DEBUG, "attachment " + sha + " not sent: " + e.getMessage());
        }
      }
    }
  }

  private static String deviceIdOf(List<Revision> revs) {
    return revs.isEmpty() ? null : revs.get(0).deviceId();
  }
}
