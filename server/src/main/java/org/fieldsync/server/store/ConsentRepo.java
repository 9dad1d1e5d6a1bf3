package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Consent to share a case's record with a partner agency: one current row per case and agency.
 * What a partner sees follows from it in SQL ({@link Scope.Kind#PARTNER}); its history is the
 * audit trail.
 */
public final class ConsentRepo {
  private final Session s;

  ConsentRepo(Session s) {
    this.s = s;
  }

  /**
   * A case's consent for one agency.
   *
   * @param caseId case
   * @param agency partner agency kind, e.g. {@code police}
   * @param level {@code full}, {@code partial} or {@code none}
   * @param recordTypes for partial, the record types shared (wire names); else empty
   * @param givenBy {@code parent_carer} or {@code young_person}
   * @param children JSON array of {@code {childId, under16, fraserCompetent}}
   * @param note the worker's note, nullable
   * @param recordedBy user id
   * @param recordedAt epoch ms
   * @param changedSeq the server sequence of the change
   */
  public record ConsentRow(String caseId, String agency, String level, List<String> recordTypes,
      String givenBy, String children, String note, String recordedBy, long recordedAt,
      long changedSeq) {
    public ConsentRow {
      recordTypes = List.copyOf(recordTypes);
    }
  }

  public Optional<ConsentRow> get(String caseId, String agency) throws SQLException {
    List<ConsentRow> rows = rows("SELECT * FROM case_consents WHERE case_id = ? AND agency = ?",
        caseId, agency);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** A case's consents, in agency order. */
  public List<ConsentRow> ofCase(String caseId) throws SQLException {
    return rows("SELECT * FROM case_consents WHERE case_id = ? ORDER BY agency", caseId);
  }

  /** Records (or replaces) a case's consent for an agency. */
  public void put(ConsentRow c) throws SQLException {
    String types = c.recordTypes().isEmpty() ? "" : "," + String.join(",", c.recordTypes()) + ",";
    s.bind("INSERT INTO case_consents (case_id, agency, level, record_types, given_by, children,"
            + " note, recorded_by, recorded_at, changed_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (case_id, agency) DO UPDATE SET level = excluded.level,"
            + " record_types = excluded.record_types, given_by = excluded.given_by,"
            + " children = excluded.children, note = excluded.note,"
            + " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,"
            + " changed_seq = excluded.changed_seq", c.caseId(), c.agency(), c.level(), types,
        c.givenBy(), c.children(), c.note(), c.recordedBy(), c.recordedAt(), c.changedSeq())
        .executeUpdate();
  }

  private List<ConsentRow> rows(String sql, Object... args) throws SQLException {
    List<ConsentRow> out = new ArrayList<>();
    try (ResultSet rs = s.bind(sql, args).executeQuery()) {
      while (rs.next()) {
        String types = rs.getString("record_types");
        List<String> list = types == null || types.isEmpty() ? List.of()
            : Arrays.stream(types.split(",")).filter(t -> !t.isEmpty()).toList();
        out.add(new ConsentRow(rs.getString("case_id"), rs.getString("agency"),
            rs.getString("level"), list, rs.getString("given_by"), rs.getString("children"),
            rs.getString("note"), rs.getString("recorded_by"), rs.getLong("recorded_at"),
            rs.getLong("changed_seq")));
      }
    }
    return out;
  }
}
