package org.fieldsync.client.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fieldsync.client.Caseload;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.CaseloadTags;

/**
 * The last caseload the server sent, kept in the local store (which encrypts it: it names
 * children) so {@code FieldSync.caseload()} answers offline. Replaced whole on every sync pass:
 * a case moved away from the worker leaves it then.
 */
final class CaseloadCache {
  /**
   * What is kept: the server's cases, when they came (or were last confirmed unchanged), and
   * their tag ({@code wire.Caseload.tag}; null when kept by an earlier version).
   */
  private record Kept(long refreshedAt, List<Caseload.Case> cases, String tag) {}

  private final LocalStore store;
  private final Clock clock;

  CaseloadCache(LocalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Keeps the server's answer (its JSON), stamped now. */
  void keep(String serverJson) {
    Caseload fresh = ProtocolCodec.decode(serverJson, Caseload.class);
    String tag = CaseloadTags.of(serverJson);
    store.keepCaseload(ProtocolCodec.encodeToString(new Kept(clock.millis(), fresh.cases(),
        tag)));
  }

  /** The kept caseload's tag, or "" when none (or one without a tag) is kept. */
  String tag() {
    return store.caseload().map(json -> ProtocolCodec.decode(json, Kept.class).tag())
        .filter(t -> t != null).orElse("");
  }

  /** The server says the kept caseload is still current: stamps it now. */
  void confirm() {
    store.caseload().map(json -> ProtocolCodec.decode(json, Kept.class)).ifPresent(k ->
        store.keepCaseload(ProtocolCodec.encodeToString(new Kept(clock.millis(), k.cases(),
            k.tag()))));
  }

  /** The last caseload kept; empty, with no time, before the first. */
  Caseload current() {
    return store.caseload()
        .map(json -> ProtocolCodec.decode(json, Kept.class))
        .map(k -> new Caseload(k.cases(), Instant.ofEpochMilli(k.refreshedAt())))
        .orElseGet(() -> new Caseload(List.of(), null));
  }
}
