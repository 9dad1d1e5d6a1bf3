package org.fieldsync.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;

/**
 * The column lists and row mappings more than one repository reads (a revision, a history row),
 * and the small conversions every repository uses (JSON lists, IN-lists in chunks).
 */
final class Rows {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final int IN_CHUNK = 500;

  /** A revision's columns, from {@code revisions v}, in {@link #revisionAt} order. */
  static final String REV_COLUMNS = "v.record_id, v.type, v.case_id, v.child_ids, v.rev,"
      + " v.parent_rev, v.deleted, v.schema_version, v.author_id, v.device_id, v.hlc, v.body";

  /** A stored revision with what the server did with it, for {@link #historyRows}. */
  static final String HISTORY_SELECT = "SELECT " + REV_COLUMNS
      + ", v.other_parents, v.seq, v.received_at, v.outcome, v.pushed_by FROM revisions v";

  private Rows() {}

  /**
   * A stored revision, checked against its rev: every read of a revision (feed, timeline,
   * history, conflict sides, a merge's parents) comes through here, so one whose content no
   * longer gives its rev is never used or served as good. One SHA-256 over the stored canonical
   * body, no re-parsing: microseconds a row.
   */
  static Revision revisionAt(ResultSet rs, int i) throws SQLException {
    Revision r = new Revision(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2),
        strings(rs.getString(i + 3)), rs.getString(i + 4), rs.getString(i + 5),
        rs.getInt(i + 6) != 0, rs.getInt(i + 7), rs.getString(i + 8), rs.getString(i + 9),
        rs.getString(i + 10), rs.getString(i + 11));
    if (!Revisions.revMatches(r)) {
      throw CorruptStoreException.revision(r.id(), r.rev());
    }
    return r;
  }

  static List<HistoryRow> historyRows(PreparedStatement p) throws SQLException {
    List<HistoryRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String others = rs.getString(13);
        out.add(new HistoryRow(revisionAt(rs, 1), others == null ? List.of() : strings(others),
            rs.getLong(14), rs.getLong(15), rs.getString(16), rs.getString(17)));
      }
    }
    return out;
  }

  static String json(List<String> list) {
    try {
      return ProtocolCodec.mapper().writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  static List<String> strings(String json) throws SQLException {
    try {
      return ProtocolCodec.mapper().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored list is not a JSON array", e);
    }
  }

  /** Distinct ids in chunks small enough for one IN-list each. */
  static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
  }

  /** {@code n} parameter marks for an IN-list. */
  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
