package org.fieldsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.DeviceIds;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.merge.Merge;
import org.fieldsync.protocol.merge.MergeResult;
import org.fieldsync.protocol.merge.MergeSide;
import org.fieldsync.server.store.HistoryRow;

/**
 * What the server needs around the protocol's pure merge: the common ancestor in a record's
 * revision graph, and revisions the server itself writes (merges, resolutions, sign-offs).
 */
public final class Reconcile {
  /** Author of revisions the server makes by merging. */
  public static final String SERVER_AUTHOR = "fieldsync-server";
  /** Device id of revisions the server makes. */
  public static final String SERVER_DEVICE = DeviceIds.SERVER;

  private Reconcile() {}

  /**
   * The common ancestor of two revisions: of the revisions both descend from (following every
   * parent of merges and resolutions), the one of highest generation; null if none.
   */
  public static String commonAncestor(List<HistoryRow> history, String a, String b) {
    if (a == null || b == null) {
      return null;
    }
    Map<String, HistoryRow> byRev = new HashMap<>();
    history.forEach(h -> byRev.put(h.revision().rev(), h));
    Set<String> ofA = ancestors(byRev, a);
    String best = null;
    for (String rev : ancestors(byRev, b)) {
      if (ofA.contains(rev) && (best == null || Revisions.generationOf(rev)
          > Revisions.generationOf(best) || Revisions.generationOf(rev)
          == Revisions.generationOf(best) && rev.compareTo(best) > 0)) {
        best = rev;
      }
    }
    return best;
  }

  /**
   * The revision a pushed one stands on: its parent, unless the same device already stored a
   * revision of the record with that same parent (its push was stored, its answer lost, and the
   * worker edited again, which replaces the pending revision: PROTOCOL 10.2). The pushed one
   * then carries that revision's content, so it stands on the latest such one. Only a device's
   * own revisions count: another device's sibling is a concurrent edit.
   */
  public static String standsOn(List<HistoryRow> history, Revision pushed) {
    String on = pushed.parentRev();
    long seq = -1;
    for (HistoryRow h : history) {
      Revision s = h.revision();
      if (s.deviceId().equals(pushed.deviceId()) && !s.rev().equals(pushed.rev())
          && Objects.equals(s.parentRev(), pushed.parentRev()) && h.seq() > seq
          && !"merge".equals(h.outcome()) && !DeviceIds.SERVER.equals(s.deviceId())) {
        on = s.rev();
        seq = h.seq();
      }
    }
    return on;
  }

  /** A revision and everything it descends from. */
  static Set<String> ancestors(Map<String, HistoryRow> byRev, String rev) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(rev);
    while (!todo.isEmpty()) {
      String r = todo.pop();
      if (!seen.add(r)) {
        continue;
      }
      HistoryRow h = byRev.get(r);
      if (h != null) {
        if (h.revision().parentRev() != null) {
          todo.add(h.revision().parentRev());
        }
        todo.addAll(h.otherParents());
      }
    }
    return seen;
  }

  /**
   * The concurrent device edits behind {@code winner} and {@code pushed}, for an N-way merge
   * against {@code baseRev}: a revision the server made by merging (history outcome {@code
   * merge}) stands for the sides it merged, so the edits of several devices to one parent are
   * merged together, in their own clock order, whatever order they arrived in. Merging the new
   * side with the earlier merge instead would order additions by the merge's (server) clock: a
   * side written earlier would sort after it. Resolutions, decisions and sign-offs are kept
   * whole; a merge whose parents do not all descend from the base is kept whole too.
   */
  public static List<Revision> concurrentSides(List<HistoryRow> history, Revision winner,
      Revision pushed, String baseRev) {
    Map<String, HistoryRow> byRev = new HashMap<>();
    history.forEach(h -> byRev.put(h.revision().rev(), h));
    Map<String, Revision> out = new LinkedHashMap<>();
    Deque<Revision> todo = new ArrayDeque<>(List.of(winner));
    while (!todo.isEmpty()) {
      Revision r = todo.pop();
      HistoryRow h = byRev.get(r.rev());
      List<String> parents = new ArrayList<>();
      if (h != null && "merge".equals(h.outcome()) && baseRev != null) {
        parents.add(r.parentRev());
        parents.addAll(h.otherParents());
      }
      boolean expand = !parents.isEmpty() && parents.stream().allMatch(p -> byRev.containsKey(p)
          && ancestors(byRev, p).contains(baseRev));
      if (!expand) {
        out.putIfAbsent(r.rev(), r);
        continue;
      }
      for (String p : parents) {
        if (!p.equals(baseRev)) {
          todo.add(byRev.get(p).revision());
        }
      }
    }
    out.putIfAbsent(pushed.rev(), pushed);
    return List.copyOf(out.values());
  }

  /** Merges stored sides against a stored base (null when none). */
  public static MergeResult merge(String type, Revision base, List<Revision> sides) {
    return Merge.merge(RecordType.fromWire(type).orElse(null),
        base == null ? null : MergeSide.of(base), sides.stream().map(MergeSide::of).toList());
  }

  /**
   * A revision the server writes on top of {@code parent}: a merge, a resolution or a sign-off.
   * Its clock sorts after every side's, and its rev follows the protocol's formula from its
   * primary parent, so any client can verify it.
   */
  public static Revision serverRevision(HybridLogicalClock clock, Revision parent,
      List<Revision> sides, String caseId, List<String> childIds, boolean deleted, String body,
      String authorId, String deviceId) {
    int schema = parent.schemaVersion();
    for (Revision s : sides) {
      schema = Math.max(schema, s.schemaVersion());
      if (Hlc.isValid(s.hlc())) {
        clock.observe(Hlc.parse(s.hlc()));
      }
    }
    if (Hlc.isValid(parent.hlc())) {
      clock.observe(Hlc.parse(parent.hlc()));
    }
    Revision draft = new Revision(parent.id(), parent.type(), caseId, childIds, null,
        parent.rev(), deleted, schema, authorId, deviceId, clock.now().toString(), body);
    return draft.withRev(Revisions.computeRev(draft), parent.rev());
  }

  static String mergeReason(MergeResult r) {
    return String.join(", ", r.conflictingFields());
  }

  /** Names of the fields (envelope included) on which the sides do not all agree. */
  public static List<String> differingFields(List<Revision> sides) {
    Set<String> out = new TreeSet<>();
    Revision first = sides.get(0);
    JsonNode a = ProtocolCodec.readTree(first.body());
    for (Revision s : sides.subList(1, sides.size())) {
      if (!Objects.equals(first.caseId(), s.caseId())) {
        out.add(Merge.CASE_ID);
      }
      if (!first.childIds().equals(s.childIds())) {
        out.add(Merge.CHILD_IDS);
      }
      if (first.deleted() != s.deleted()) {
        out.add(Merge.DELETED);
      }
      JsonNode b = ProtocolCodec.readTree(s.body());
      Set<String> names = new HashSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (!CanonicalJson.canonicalize(a.path(n).isMissingNode() ? NullNode.getInstance()
            : a.path(n)).equals(CanonicalJson.canonicalize(b.path(n).isMissingNode()
            ? NullNode.getInstance() : b.path(n)))) {
          out.add(n);
        }
      }
    }
    return List.copyOf(out);
  }
}
