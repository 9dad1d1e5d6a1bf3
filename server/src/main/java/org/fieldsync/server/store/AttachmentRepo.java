package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldsync.protocol.Digests;

/** Attachments: bytes kept once per case and SHA-256 (decision 0019). */
public final class AttachmentRepo {
  private final Session s;

  AttachmentRepo(Session s) {
    this.s = s;
  }

  /** Stores an attachment's bytes for a case; false when the case already has them. */
  public boolean add(String caseId, String sha256, String mediaType, byte[] content,
      String uploadedBy, String deviceId, long at) throws SQLException {
    return s.bind("INSERT INTO attachments (case_id, sha256, media_type, size, content,"
        + " uploaded_by, device_id, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (case_id, sha256) DO NOTHING", caseId, sha256, mediaType,
        (long) content.length, content, uploadedBy, deviceId, at).executeUpdate() > 0;
  }

  public boolean exists(String caseId, String sha256) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM attachments WHERE case_id = ? AND sha256 = ?",
        caseId, sha256).executeQuery()) {
      return rs.next();
    }
  }

  /** {@code [mediaType, content]} of a case's attachment. */
  public Optional<Object[]> get(String caseId, String sha256) throws SQLException {
    try (ResultSet rs = s.bind("SELECT media_type, content FROM attachments WHERE case_id = ?"
        + " AND sha256 = ?", caseId, sha256).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      byte[] content = rs.getBytes(2);
      if (!Digests.sha256Hex(content).equals(sha256)) {
        throw CorruptStoreException.attachment(caseId, sha256);
      }
      return Optional.of(new Object[] {rs.getString(1), content});
    }
  }

  /**
   * Checks stored attachments against their SHA-256, at most {@code limit} of them in key order
   * after ({@code afterCaseId}, {@code afterSha256}); empty strings start from the beginning.
   */
  public ScanPage scan(String afterCaseId, String afterSha256, int limit) throws SQLException {
    List<String> damaged = new ArrayList<>();
    int n = 0;
    String lastCase = null;
    String lastSha = null;
    List<String[]> keys = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT case_id, sha256 FROM attachments WHERE case_id > ?"
        + " OR (case_id = ? AND sha256 > ?) ORDER BY case_id, sha256 LIMIT ?", afterCaseId,
        afterCaseId, afterSha256, limit).executeQuery()) {
      while (rs.next()) {
        keys.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] k : keys) {
      n++;
      lastCase = k[0];
      lastSha = k[1];
      try {
        get(k[0], k[1]);
      } catch (CorruptStoreException e) {
        damaged.add("attachment " + k[1] + " of case " + k[0]);
      }
    }
    return new ScanPage(n, damaged, lastCase, lastSha);
  }
}
