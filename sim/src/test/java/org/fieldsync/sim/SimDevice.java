package org.fieldsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.wire.Change;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.RemovedChange;
import org.fieldsync.protocol.wire.WithdrawnChange;
import org.fieldsync.server.testing.TestDevice;

/**
 * A tablet at protocol level: it keeps its records, an outbox of at most one pending revision per
 * record built on the last revision the server acknowledged, and a checkpoint, and follows
 * PROTOCOL.md section 10 exactly (the client algorithm), over the simulation's faulty network.
 * Its clock is the scenario's clock plus its own skew.
 */
final class SimDevice {
  /** A record as the device holds it. */
  static final class Local {
    final String id;
    final RecordType type;
    final String caseId;
    final List<String> childIds;
    String body;
    String rev;
    /** The last revision the server acknowledged, or null. */
    String serverRev;
    State state;
    String attention;

    Local(String id, RecordType type, String caseId, List<String> childIds) {
      this.id = id;
      this.type = type;
      this.caseId = caseId;
      this.childIds = childIds;
    }
  }

  /** The device's view of a record. */
  enum State { SYNCED, PENDING, REVIEW, ATTENTION }

  final String name;
  final String deviceId;
  final String userId;
  final String username;
  final TestDevice keys;
  final HybridLogicalClock hlc;
  /** This device's clock skew against the scenario's clock, in ms (ahead within the bound). */
  long skew;
  boolean offline;
  int offlineUntilStep;
  boolean revoked;
  boolean wiped;
  String token;
  String checkpoint;
  /** Records by id, in id order so every walk over them is deterministic. */
  final Map<String, Local> records = new TreeMap<>();
  /** Pending revisions by record id, oldest first (a re-edit keeps its place). */
  final Map<String, Revision> outbox = new LinkedHashMap<>();
  /** Every record this device created, in creation order. */
  final List<String> created = new ArrayList<>();
  /** Copies of earlier pushes still travelling in the network (delivered late, or never). */
  final List<String> delayed = new ArrayList<>();
  /** The refused revision of each record that needs attention (the server does not hold it). */
  final Map<String, Revision> refused = new LinkedHashMap<>();
  /** Revisions handed over in quarantine after revocation. */
  final List<Revision> handedOver = new ArrayList<>();

  SimDevice(String name, String deviceId, String userId, String username, TestDevice keys,
      LongSupplier simMillis) {
    this.name = name;
    this.deviceId = deviceId;
    this.userId = userId;
    this.username = username;
    this.keys = keys;
    this.hlc = new HybridLogicalClock(deviceId, () -> simMillis.getAsLong() + skew);
  }

  /** Saves a new record locally (section 10.1): valid, stored and queued, never waiting. */
  Local create(String id, RecordType type, String caseId, List<String> childIds, String body) {
    Local l = new Local(id, type, caseId, childIds);
    records.put(id, l);
    created.add(id);
    save(l, CanonicalJson.canonicalize(body));
    return l;
  }

  /** A local edit: the next pending revision, built on the acknowledged one (section 10.2). */
  void save(Local l, String canonicalBody) {
    Revision r = Revisions.next(l.id, l.type, l.caseId, l.childIds, l.serverRev, false,
        RecordValidator.SCHEMA_VERSION, userId, deviceId, hlc.now(), canonicalBody);
    l.body = canonicalBody;
    l.rev = r.rev();
    l.state = State.PENDING;
    l.attention = null;
    refused.remove(l.id);
    outbox.put(l.id, r);
  }

  /** The push body for every pending revision (at most {@code max}), each signed. */
  String pushBody(int max) {
    List<Revision> revs = new ArrayList<>();
    for (Revision r : outbox.values()) {
      if (revs.size() == max) {
        break;
      }
      revs.add(r);
    }
    return keys.pushBody(revs);
  }

  /** The revisions a push body carries. */
  static List<Revision> revisionsOf(String pushBody) {
    return ProtocolCodec.decode(pushBody, PushRequest.class).revisions();
  }

  /** Applies a push's answer (section 10.3); returns a one-line summary for the trace. */
  String applyPush(String pushBody, String responseBody, List<Revision> acknowledged) {
    List<Revision> sent = revisionsOf(pushBody);
    PushResponse resp = ProtocolCodec.decode(responseBody, PushResponse.class);
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < resp.outcomes().size(); i++) {
      PushOutcome o = resp.outcomes().get(i);
      Revision r = sent.get(i);
      Outcome kind = o.outcome() == Outcome.DUPLICATE && o.firstOutcome() != null
          ? o.firstOutcome() : o.outcome();
      line.append(' ').append(Trace.shortId(r.id())).append('/').append(Trace.shortRev(r.rev()))
          .append('=').append(o.outcome() == Outcome.DUPLICATE ? "dup:" : "")
          .append(kind.name().toLowerCase(Locale.ROOT));
      Local l = records.get(r.id());
      Revision pending = outbox.get(r.id());
      boolean stillHolds = pending != null && pending.rev().equals(r.rev());
      if (kind == Outcome.ACCEPTED || kind == Outcome.MERGED || kind == Outcome.CONFLICT) {
        acknowledged.add(r);
      }
      if (l == null) {
        continue; // purged meanwhile (withdrawn or removed): the server holds it
      }
      switch (kind) {
        case ACCEPTED -> {
          l.serverRev = r.rev();
          if (stillHolds) {
            outbox.remove(r.id());
            l.state = State.SYNCED;
          } else if (pending != null) {
            reparent(l, pending);
          }
          observe(r.hlc());
        }
        case MERGED -> {
          if (o.merged() != null) {
            l.serverRev = o.merged().rev();
            if (stillHolds) {
              outbox.remove(r.id());
              l.body = o.merged().body();
              l.rev = o.merged().rev();
              l.state = State.SYNCED;
            } else if (pending != null) {
              reparent(l, pending);
            }
            observe(o.merged().hlc());
          } else {
            // A duplicate of a merged push: the server holds it; the pull brings the merge.
            l.serverRev = r.rev();
            if (stillHolds) {
              outbox.remove(r.id());
              l.state = State.SYNCED;
            }
          }
        }
        case CONFLICT -> {
          l.serverRev = r.rev();
          if (stillHolds) {
            outbox.remove(r.id());
            l.state = State.REVIEW;
            l.attention = o.error() == null ? "under review" : o.error().message();
          } else if (pending != null) {
            reparent(l, pending);
          }
        }
        case REJECTED -> {
          if (stillHolds) {
            outbox.remove(r.id());
            refused.put(r.id(), r);
            l.state = State.ATTENTION;
            l.attention = o.error() == null ? "refused" : o.error().code();
          }
        }
        default -> {
          // unknown: keep it queued
        }
      }
    }
    return line.toString();
  }

  private void reparent(Local l, Revision pending) {
    Revision r = Revisions.next(l.id, l.type, l.caseId, l.childIds, l.serverRev,
        pending.deleted(), pending.schemaVersion(), userId, deviceId, Hlc.parse(pending.hlc()),
        pending.body());
    outbox.put(l.id, r);
    l.rev = r.rev();
  }

  private void observe(String h) {
    if (h != null && Hlc.isValid(h)) {
      hlc.observe(Hlc.parse(h));
    }
  }

  /** Applies one page of the feed (section 10.4); returns what the trace should show. */
  String applyPage(ChangesPage page, ScopeCheck scope) {
    StringBuilder line = new StringBuilder();
    for (Change c : page.changes()) {
      if (c instanceof RecordChange rc) {
        Revision r = rc.revision();
        scope.received(this, r);
        line.append(' ').append(Trace.shortId(r.id())).append('@').append(Trace.shortRev(r.rev()))
            .append(rc.conflicted() ? "(conflicted)" : "");
        Local l = records.get(r.id());
        if (l == null) {
          l = new Local(r.id(), RecordType.fromWire(r.type()).orElse(null), r.caseId(),
              r.childIds());
          records.put(r.id(), l);
        }
        if (outbox.containsKey(r.id())) {
          if (!rc.conflicted() && l.state == State.REVIEW) {
            l.state = State.PENDING;
          }
          continue; // a pending local change keeps its body
        }
        if (l.state == State.ATTENTION && l.body != null) {
          continue; // the refused text stays until the worker fixes it
        }
        if (l.state == State.REVIEW && rc.conflicted()) {
          continue; // own side kept while a sync admin decides
        }
        l.body = r.body();
        l.rev = r.rev();
        l.serverRev = r.rev();
        l.state = rc.conflicted() ? State.REVIEW : State.SYNCED;
        l.attention = rc.conflicted() ? "under review" : null;
        observe(r.hlc());
      } else if (c instanceof RemovedChange rm) {
        line.append(" removed:").append(rm.caseId());
        records.values().removeIf(l -> l.caseId.equals(rm.caseId())
            && !outbox.containsKey(l.id) && l.state != State.ATTENTION);
      } else if (c instanceof WithdrawnChange w) {
        line.append(" withdrawn:").append(Trace.shortId(w.recordId()));
        Local l = records.get(w.recordId());
        if (l != null && !outbox.containsKey(l.id) && l.state != State.ATTENTION) {
          records.remove(w.recordId());
        }
      }
    }
    checkpoint = page.checkpoint();
    return line.toString();
  }

  /** Whether anything waits to be pushed. */
  boolean idle() {
    return outbox.isEmpty();
  }

  /** Appends to an append-text field of a body (JSON). */
  static String append(String body, String field, String text) {
    ObjectNode o = (ObjectNode) ProtocolCodec.readTree(body);
    String old = o.path(field).asText("");
    o.put(field, old.isEmpty() ? text : old + "\n" + text);
    return CanonicalJson.canonicalize(o);
  }

  /** Sets a scalar field. */
  static String set(String body, String field, JsonNode value) {
    ObjectNode o = (ObjectNode) ProtocolCodec.readTree(body);
    o.set(field, value);
    return CanonicalJson.canonicalize(o);
  }

  /** Adds an item to a set field. */
  static String add(String body, String field, JsonNode item) {
    ObjectNode o = (ObjectNode) ProtocolCodec.readTree(body);
    ArrayNode a = o.has(field) && o.get(field).isArray() ? (ArrayNode) o.get(field)
        : o.putArray(field);
    for (JsonNode n : a) {
      if (n.equals(item)) {
        return CanonicalJson.canonicalize(o);
      }
    }
    a.add(item);
    return CanonicalJson.canonicalize(o);
  }

  /** Told of every record a device receives, to check it may see it. */
  @FunctionalInterface
  interface ScopeCheck {
    void received(SimDevice d, Revision r);
  }
}
