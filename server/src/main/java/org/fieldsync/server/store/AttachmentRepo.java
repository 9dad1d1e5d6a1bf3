package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

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
      return rs.next() ? Optional.of(new Object[] {rs.getString(1), rs.getBytes(2)})
          : Optional.empty();
    }
  }
}
