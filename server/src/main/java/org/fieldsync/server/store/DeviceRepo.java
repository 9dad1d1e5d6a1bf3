package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Devices: enrolment codes, enrolled devices (key, status), what each device last reported and
 * where its feed stands, and the unpushed work a revoked device handed over (quarantine).
 */
public final class DeviceRepo {
  private static final String DEVICE_SELECT = "SELECT device_id, user_id, public_key, name,"
      + " app_version, enrolled_by, enrolled_at, status, quarantine FROM enrolled_devices";

  private final Session s;

  DeviceRepo(Session s) {
    this.s = s;
  }

  /** Records what a device reported about itself (app version, pending, needs attention). */
  public void seen(DeviceRow d) throws SQLException {
    s.bind("INSERT INTO devices (device_id, user_id, app_version, last_seen_at, pending,"
            + " needs_attention) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            + " user_id = excluded.user_id,"
            + " app_version = COALESCE(excluded.app_version, devices.app_version),"
            + " last_seen_at = excluded.last_seen_at,"
            + " pending = COALESCE(excluded.pending, devices.pending),"
            + " needs_attention = COALESCE(excluded.needs_attention, devices.needs_attention)",
        d.deviceId(), d.userId(), d.appVersion(), d.lastSeenAt(), d.pending(),
        d.needsAttention()).executeUpdate();
  }

  /** What every device last reported, most recently seen first. */
  public List<DeviceRow> reports() throws SQLException {
    List<DeviceRow> out = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT device_id, user_id, app_version, last_seen_at, pending,"
        + " needs_attention FROM devices ORDER BY last_seen_at DESC, device_id").executeQuery()) {
      while (rs.next()) {
        int pending = rs.getInt(5);
        Integer p = rs.wasNull() ? null : pending;
        int attention = rs.getInt(6);
        Integer a = rs.wasNull() ? null : attention;
        out.add(new DeviceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            p, a));
      }
    }
    return out;
  }

  public void saveCheckpoint(String deviceId, String userId, String checkpoint, long now)
      throws SQLException {
    s.bind("INSERT INTO device_checkpoints (device_id, user_id, checkpoint, updated_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            + " user_id = excluded.user_id, checkpoint = excluded.checkpoint,"
            + " updated_at = excluded.updated_at", deviceId, userId, checkpoint, now)
        .executeUpdate();
  }

  public void addEnrolmentCode(String codeHash, String userId, String issuedBy, long at,
      long expiresAt) throws SQLException {
    s.bind("INSERT INTO enrolment_codes (code_hash, user_id, issued_by, issued_at, expires_at)"
        + " VALUES (?, ?, ?, ?, ?)", codeHash, userId, issuedBy, at, expiresAt).executeUpdate();
  }

  /**
   * Uses a code: who it was issued for and by, if it exists, is unused and has not expired.
   * Returns {@code [userId, issuedBy]}.
   */
  public Optional<String[]> useEnrolmentCode(String codeHash, long now, String deviceId)
      throws SQLException {
    int n = s.bind("UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?"
        + " AND used_at IS NULL AND expires_at > ?", now, deviceId, codeHash, now)
        .executeUpdate();
    if (n != 1) {
      return Optional.empty();
    }
    try (ResultSet rs = s.bind("SELECT user_id, issued_by FROM enrolment_codes"
        + " WHERE code_hash = ?", codeHash).executeQuery()) {
      return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
          : Optional.empty();
    }
  }

  /** Inserts a device; false if the id is taken. */
  public boolean enrol(EnrolledDevice d) throws SQLException {
    return s.bind("INSERT INTO enrolled_devices (device_id, user_id, public_key, name,"
        + " app_version, enrolled_by, enrolled_at, status, quarantine) VALUES (?, ?, ?, ?, ?, ?,"
        + " ?, ?, ?) ON CONFLICT (device_id) DO NOTHING", d.deviceId(), d.userId(),
        d.publicKey(), d.name(), d.appVersion(), d.enrolledBy(), d.enrolledAt(), d.status(),
        d.quarantine() ? 1 : 0).executeUpdate() == 1;
  }

  public Optional<EnrolledDevice> enrolled(String deviceId) throws SQLException {
    return enrolledRows(s.bind(DEVICE_SELECT + " WHERE device_id = ?", deviceId)).stream()
        .findFirst();
  }

  public List<EnrolledDevice> enrolled() throws SQLException {
    return enrolledRows(s.bind(DEVICE_SELECT + " ORDER BY enrolled_at, device_id"));
  }

  private static List<EnrolledDevice> enrolledRows(PreparedStatement p) throws SQLException {
    List<EnrolledDevice> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(new EnrolledDevice(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8),
            rs.getInt(9) == 1));
      }
    }
    return out;
  }

  /** Marks a device lost (no lease renewal, and it wipes on any contact); false if unknown. */
  public boolean markLost(String deviceId, String by, long at) throws SQLException {
    return s.bind("UPDATE enrolled_devices SET status = 'lost', revoked_by = ?, revoked_at = ?,"
        + " quarantine = 0 WHERE device_id = ?", by, at, deviceId).executeUpdate() == 1;
  }

  /** Revokes an active device; false if it was not active. */
  public boolean revoke(String deviceId, String by, long at, boolean quarantine)
      throws SQLException {
    return s.bind("UPDATE enrolled_devices SET status = 'revoked', revoked_by = ?,"
        + " revoked_at = ?, quarantine = ? WHERE device_id = ? AND status = 'active'", by, at,
        quarantine ? 1 : 0, deviceId).executeUpdate() == 1;
  }

  /** Keeps a revoked device's unpushed revision; false if already kept. */
  public boolean quarantine(String deviceId, String recordId, String rev, String revisionJson,
      String signature, long at) throws SQLException {
    return s.bind("INSERT INTO quarantine (device_id, record_id, rev, revision, signature,"
        + " received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, record_id, rev)"
        + " DO NOTHING", deviceId, recordId, rev, revisionJson, signature, at)
        .executeUpdate() == 1;
  }

  public int quarantined(String deviceId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT COUNT(*) FROM quarantine WHERE device_id = ?", deviceId)
        .executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Whether a code (its hash) exists, is unused and has not expired; reads only. */
  public boolean enrolmentCodeUsable(String codeHash, long now) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM enrolment_codes WHERE code_hash = ?"
        + " AND used_at IS NULL AND expires_at > ?", codeHash, now).executeQuery()) {
      return rs.next();
    }
  }
}
