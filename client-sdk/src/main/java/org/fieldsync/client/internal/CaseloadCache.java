package org.fieldsync.client.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fieldsync.client.Caseload;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * The last caseload the server sent, kept in the local store (which encrypts it: it names
 * children) so {@code FieldSync.caseload()} answers offline. Replaced whole on every sync pass:
 * a case moved away from the worker leaves it then.
 */
final class CaseloadCache {
  /** What is kept: the server's cases and when they came. */
  private record Kept(long refreshedAt, List<Caseload.Case> cases) {}

  private final LocalStore store;
  private final Clock clock;

  CaseloadCache(LocalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Keeps the server's answer (its JSON), stamped now. */
  void keep(String serverJson) {
    Caseload fresh = ProtocolCodec.decode(serverJson, Caseload.class);
    store.keepCaseload(ProtocolCodec.encodeToString(new Kept(clock.millis(), fresh.cases())));
  }

  /** The last caseload kept; empty, with no time, before the first. */
  Caseload current() {
    return store.caseload()
        .map(json -> ProtocolCodec.decode(json, Kept.class))
        .map(k -> new Caseload(k.cases(), Instant.ofEpochMilli(k.refreshedAt())))
        .orElseGet(() -> new Caseload(List.of(), null));
  }
}
