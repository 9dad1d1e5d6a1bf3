package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.server.testing.Revs;
import org.junit.jupiter.api.Test;

/** Retrying a push is always safe: same outcomes, nothing stored twice. */
class PushIdempotencyTest extends ServerTestBase {
  static final List<String> KIDS = List.of("child-0001", "child-0002");

  private Future<PushResponse> push(String token, List<Revision> revs) {
    return f.push(token, ProtocolCodec.encodeToString(new PushRequest("dev-a", revs)))
        .map(r -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          return ProtocolCodec.decode(r.body().getBytes(), PushResponse.class);
        });
  }

  @Test
  void pushOfSameRevisionTwiceIsDuplicateWithTheSameOutcomeInAnyOrder(VertxTestContext ctx) {
    Revision a1 = Revs.newVisit("case-0001", KIDS, "u-alice", "dev-a", 1_000, "a1");
    Revision b1 = Revs.newVisit("case-0001", KIDS, "u-alice", "dev-a", 1_001, "b1");
    Revision a2 = Revs.edit(a1, "u-alice", "dev-a", 1_002, "a2");
    Revision a2other = Revs.edit(a1, "u-alice", "dev-a", 1_003, "a2, other tablet");
    List<Revision> batch = List.of(a1, b1, a2, a2other);
    List<Revision> reordered = new ArrayList<>(batch);
    Collections.reverse(reordered);
    f.token("fw.alice").compose(t -> push(t, batch).compose(first -> push(t, batch)
        .compose(second -> push(t, reordered).map(third -> List.of(first, second, third)))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<PushOutcome> first = all.get(0).outcomes();
          assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.ACCEPTED,
              Outcome.CONFLICT), first.stream().map(PushOutcome::outcome).toList());
          for (int i = 0; i < batch.size(); i++) {
            PushOutcome again = all.get(1).outcomes().get(i);
            assertEquals(Outcome.DUPLICATE, again.outcome());
            assertEquals(first.get(i).outcome(), again.firstOutcome());
            assertEquals(first.get(i).seq(), again.seq());
            PushOutcome reversed = all.get(2).outcomes().get(batch.size() - 1 - i);
            assertEquals(batch.get(i).rev(), reversed.rev());
            assertEquals(first.get(i).outcome(), reversed.firstOutcome());
          }
          var store = f.server.store();
          assertEquals(3, (int) store.read(tx -> tx.revisions().revisionCount(a1.id())));
          assertEquals(1, (int) store.read(tx -> tx.revisions().revisionCount(b1.id())));
          assertEquals(a2.rev(), store.read(tx -> tx.revisions().current(a1.id()))
              .orElseThrow().currentRev());
          ctx.completeNow();
        })));
  }

  @Test
  void independentRecordsPushedInAnotherOrderEndInTheSameState(Vertx vertx,
      VertxTestContext ctx) {
    Revision a = Revs.newVisit("case-0001", KIDS, "u-alice", "dev-a", 2_000, "a");
    Revision b = Revs.newVisit("case-0001", KIDS, "u-alice", "dev-a", 2_001, "b");
    f.token("fw.alice").compose(t -> push(t, List.of(b, a))).onComplete(ctx.succeeding(r ->
        ctx.verify(() -> {
          assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED),
              r.outcomes().stream().map(PushOutcome::outcome).toList());
          var store = f.server.store();
          assertEquals(a.rev(), store.read(tx -> tx.revisions().current(a.id()))
              .orElseThrow().currentRev());
          assertEquals(b.rev(), store.read(tx -> tx.revisions().current(b.id()))
              .orElseThrow().currentRev());
          ctx.completeNow();
        })));
  }
}
