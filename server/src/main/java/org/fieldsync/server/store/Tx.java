package org.fieldsync.server.store;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldsync.protocol.wire.Caseload;
import java.util.Set;
import org.fieldsync.protocol.Revision;

/**
 * The operations available inside one store transaction. SQL lives in {@link JdbcTx}; the rules
 * (what is accepted, what conflicts) live in the sync package.
 */
public interface Tx {
  // Users, teams, cases.
  Optional<UserRow> userByUsername(String username) throws SQLException;

  Optional<UserRow> userById(String id) throws SQLException;

  void upsertTeam(String id, String name, String locality) throws SQLException;

  void upsertUser(UserRow user) throws SQLException;

  /** Inserts a case if absent; true if it was inserted. */
  boolean upsertCase(String id, String teamId, String locality, String label) throws SQLException;

  void upsertChild(String caseId, String childId, String initials) throws SQLException;

  Optional<String> caseTeam(String caseId) throws SQLException;

  /** Children of each case, for the given cases. */
  Map<String, Set<String>> caseChildren(Collection<String> caseIds) throws SQLException;

  /** Whether a record of {@code caseId} is visible to {@code scope}. */
  boolean caseInScope(Scope scope, String caseId) throws SQLException;

  /** Users who hold any of these cases (allocated workers and the teams' managers). */
  Set<String> usersHolding(Collection<String> caseIds) throws SQLException;

  /** Sets an allocation and records the scope event at {@code seq}; false if nothing changed. */
  boolean setAllocation(String caseId, String userId, boolean active, long seq)
      throws SQLException;

  // Sequence.
  /** Reserves {@code n} consecutive sequence values and returns the first. */
  long reserveSeqs(int n) throws SQLException;

  /**
   * Gives back the last {@code n} reserved values, from {@code first}, if nothing was reserved
   * after them: a batch whose items were refused leaves no gap.
   */
  void releaseSeqs(long first, int n) throws SQLException;

  long currentSeq() throws SQLException;

  // Revisions and records.
  Optional<RecordRow> record(String recordId) throws SQLException;

  /** The stored outcome and seq of a revision, if it was stored. */
  Optional<StoredOutcome> storedOutcome(String recordId, String rev) throws SQLException;

  Optional<Revision> revision(String recordId, String rev) throws SQLException;

  /** Current state of each of these records that exists, by id (one query per 500 ids). */
  Map<String, RecordRow> records(Collection<String> recordIds) throws SQLException;

  /** Stored outcomes of every revision of these records, keyed {@code id + "\n" + rev}. */
  Map<String, StoredOutcome> storedOutcomes(Collection<String> recordIds) throws SQLException;

  /** Queues a revision insert; written by {@link #flush()} (or any immediate write's caller). */
  void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now)
      throws SQLException;

  /** Queues a revision with further parents (a merge or a resolution). */
  void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now,
      List<String> otherParents) throws SQLException;

  /** Queues a revision a device pushed, with the device's signature of it. */
  void insertSignedRevision(Revision r, String pushedBy, long seq, String outcome, long now,
      String signature) throws SQLException;

  /** Queues making {@code r} the record's current revision; written by {@link #flush()}. */
  void putCurrent(Revision r, long seq, String status, long now) throws SQLException;

  /** Writes queued inserts. Call before reading what was queued, and before commit. */
  void flush() throws SQLException;

  void markConflicted(String recordId, long seq, long now) throws SQLException;

  /** Opens the record's conflict (with both sides) or adds a side to the open one; its id. */
  String addConflictSide(String recordId, String baseRev, Revision winner, Revision side, long seq,
      long now) throws SQLException;

  int revisionCount(String recordId) throws SQLException;

  // Conflicts, history and devices.
  Optional<ConflictRow> openConflict(String recordId) throws SQLException;

  Optional<ConflictRow> conflict(String id) throws SQLException;

  /** Whether the record has ever been in a conflict. */
  boolean hadConflict(String recordId) throws SQLException;

  /** Conflicts matching the filter, oldest first. */
  List<ConflictRow> conflicts(ConflictFilter filter, int limit) throws SQLException;

  /** The sides of a conflict, in HLC order, as stored revisions. */
  List<HistoryRow> conflictSides(String conflictId) throws SQLException;

  void setConflictFields(String conflictId, List<String> fields) throws SQLException;

  /** Marks an open conflict resolved; false if it was not open (another admin was first). */
  boolean resolveConflict(String conflictId, String by, long at, String reason,
      String resolutionRev) throws SQLException;

  /** Every stored revision of a record, in the order the server stored them. */
  List<HistoryRow> history(String recordId) throws SQLException;

  void deviceSeen(DeviceRow device) throws SQLException;

  // Devices.
  void addEnrolmentCode(String codeHash, String userId, String issuedBy, long at, long expiresAt)
      throws SQLException;

  /**
   * Uses a code: who it was issued for and by, if it exists, is unused and has not expired.
   * Returns {@code [userId, issuedBy]}.
   */
  Optional<String[]> useEnrolmentCode(String codeHash, long now, String deviceId)
      throws SQLException;

  /** Whether a code (its hash) exists, is unused and has not expired; reads only. */
  boolean enrolmentCodeUsable(String codeHash, long now) throws SQLException;

  /** Inserts a device; false if the id is taken. */
  boolean enrolDevice(EnrolledDevice d) throws SQLException;

  Optional<EnrolledDevice> enrolledDevice(String deviceId) throws SQLException;

  List<EnrolledDevice> enrolledDevices() throws SQLException;

  /** Marks a device lost (no lease renewal, and it wipes on any contact); false if unknown. */
  boolean markLost(String deviceId, String by, long at) throws SQLException;

  /** Revokes an active device; false if it was not active. */
  boolean revokeDevice(String deviceId, String by, long at, boolean quarantine)
      throws SQLException;

  /** Keeps a revoked device's unpushed revision; false if already kept. */
  boolean quarantine(String deviceId, String recordId, String rev, String revisionJson,
      String signature, long at) throws SQLException;

  int quarantined(String deviceId) throws SQLException;

  // Attachments.
  /** Stores an attachment's bytes for a case; false when the case already has them. */
  boolean addAttachment(String caseId, String sha256, String mediaType, byte[] content,
      String uploadedBy, String deviceId, long at) throws SQLException;

  boolean attachmentExists(String caseId, String sha256) throws SQLException;

  /** {@code [mediaType, content]} of a case's attachment. */
  Optional<Object[]> attachment(String caseId, String sha256) throws SQLException;

  // Scheme of delegation.
  /** The most (pence) this user may approve for one FNSP request; 0 when none. */
  long approvalLimitPence(String userId) throws SQLException;

  void setApprovalLimitPence(String userId, long pence) throws SQLException;

  // Refresh tokens.
  /** Stores a new refresh token (its hash) for a sign-in from an enrolled device. */
  void addRefreshToken(String hash, String userId, String deviceId, long at, long expiresAt,
      long sessionEndsAt) throws SQLException;

  /**
   * Spends the refresh token {@code hash} presented by {@code deviceId} and, when that succeeds,
   * stores its successor {@code nextHash}, which lapses {@code idleMillis} after {@code now} or
   * when the original sign-in's session ends, whichever is first.
   *
   * @param graceMillis how long after spending a token the same token may be presented again
   *     (a lost answer) before that counts as reuse
   */
  RefreshSpend rotateRefreshToken(String hash, String deviceId, String nextHash, long now,
      long idleMillis, long graceMillis) throws SQLException;

  /** Ends every unspent refresh token of a device (logout, revocation, suspected copying). */
  void endRefreshTokens(String deviceId, long now) throws SQLException;

  // Logout.
  void revokeToken(String jti, String userId, long expiresAtSeconds) throws SQLException;

  /** Tokens logged out that have not expired yet: id to expiry (epoch seconds). */
  Map<String, Long> revokedTokens(long nowSeconds) throws SQLException;

  // Audit trail.
  /** The last entry of the audit trail, if any: the head the next entries chain onto. */
  Optional<AuditEntry> lastAuditEntry() throws SQLException;

  /**
   * Stores audit entries exactly as given (their positions and hashes are made by the audit
   * chain, {@code audit.AuditChain.append}).
   */
  void insertAuditEntries(List<AuditEntry> entries) throws SQLException;

  /** Entries after {@code afterSeq}, in order. */
  List<AuditEntry> auditEntries(long afterSeq, int limit) throws SQLException;

  /** Team names by id, in name order. */
  Map<String, String> teams() throws SQLException;

  /** Every locality a team or case names, sorted. */
  List<String> localities() throws SQLException;

  List<DeviceRow> devices() throws SQLException;

  // Feed.
  /**
   * Current records in scope changed in (afterSeq, uptoSeq], in sequence order. A record whose
   * latest change is its current revision arriving from {@code exceptDevice} is left out: that
   * device already has it. Rows restricted away from {@code viewer} are marked withheld.
   */
  List<FeedRow> feed(Scope scope, String viewer, long afterSeq, long uptoSeq, int limit,
      String exceptDevice) throws SQLException;

  List<FeedRow> caseRecords(String caseId, String viewer, long afterSeq, long uptoSeq, int limit)
      throws SQLException;

  List<ScopeEvent> scopeEvents(String userId, long afterSeq, long uptoSeq, int limit)
      throws SQLException;

  boolean allocated(String caseId, String userId) throws SQLException;

  List<FeedRow> timeline(String caseId, String viewer) throws SQLException;

  // Restrictions.
  /** Whether the user may see the record: it is not restricted, or they are named. */
  boolean visibleTo(String recordId, String userId) throws SQLException;

  /** Restricts a record to named users (replacing any earlier restriction). */
  void restrict(String recordId, String category, List<String> users, String by, long at)
      throws SQLException;

  /** Lifts a restriction; false if there was none. */
  boolean unrestrict(String recordId) throws SQLException;

  /** Moves a record to a new feed position without a new revision (its visibility changed). */
  void touch(String recordId, long seq, long now) throws SQLException;

  void saveCheckpoint(String deviceId, String userId, String checkpoint, long now)
      throws SQLException;

  // Integrity (verify-store).
  /**
   * Checks stored revisions against their revs, at most {@code limit} of them in key order after
   * ({@code afterRecordId}, {@code afterRev}); empty strings start from the beginning.
   */
  ScanPage scanRevisions(String afterRecordId, String afterRev, int limit) throws SQLException;

  /**
   * Checks stored attachments against their SHA-256, at most {@code limit} of them in key order
   * after ({@code afterCaseId}, {@code afterSha256}); empty strings start from the beginning.
   */
  ScanPage scanAttachments(String afterCaseId, String afterSha256, int limit)
      throws SQLException;

  /** The cases in scope, with their children and allocated workers, in case id order. */
  List<Caseload.Case> caseload(Scope scope) throws SQLException;

  // The store's own facts (identity, epoch).
  /** A store fact, or empty. */
  Optional<String> meta(String key) throws SQLException;

  /** Sets a store fact. */
  void putMeta(String key, String value) throws SQLException;

  /**
   * The outcome a revision got when first stored.
   *
   * @param outcome wire name
   * @param seq its sequence
   * @param receivedAt when it was stored (epoch ms)
   */
  record StoredOutcome(String outcome, long seq, long receivedAt) {}
}
