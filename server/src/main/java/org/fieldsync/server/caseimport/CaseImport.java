package org.fieldsync.server.caseimport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.store.ImportRepo;
import org.fieldsync.server.store.PersonRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The case file from the case management system, applied to the directory: teams, cases with
 * their children and statutory (CP/FH) status, and allocations, one NDJSON item per line, each
 * with a {@code version} (docs/integration.md, "The case file").
 *
 * <p>Idempotent by version: an item at a version already applied changes nothing (and the same
 * version with different content is an error, never a silent overwrite); an older version is
 * skipped. A bad line is reported with its line number and does not stop the rest: every line is
 * checked in full before anything of it is written. The whole file is one transaction, so a
 * crash mid-file applies none of it and the re-run applies all. A dry run is the same
 * transaction rolled back: its report is exactly what a real run would do. A de-allocation is a
 * scope event in the server sequence, so the worker's tablets drop the case at their next sync
 * by the feed's existing removal rules (their unpushed changes are pushed first).
 */
public final class CaseImport {
  /** The audit actor of case imports. */
  static final String ACTOR = "case-import";
  private static final Set<String> STATUSES = Set.of("cp", "cin", "cic", "early_help",
      "family_help", "care_leaver", "closed");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  /** Most lines in one file: a whole council's caseload is a few thousand. */
  public static final int MAX_LINES = 200_000;

  private final Store store;
  private final Clock clock;

  public CaseImport(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Reads NDJSON lines from {@code in}; a line past {@link #MAX_LINES} is an error. */
  public static List<String> lines(Reader in) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(in)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (out.size() >= MAX_LINES) {
          throw new IOException("the case file has more than " + MAX_LINES + " lines");
        }
        out.add(line);
      }
    }
    return out;
  }

  /** Applies (or with {@code dryRun}, only reports) the file's lines. */
  public ImportReport run(List<String> lines, boolean dryRun) {
    long now = clock.millis();
    try {
      return store.write(tx -> {
        ImportReport report = apply(tx, lines, now);
        if (dryRun) {
          throw new DryRun(report.asDryRun());
        }
        if (report.changed() > 0 || !report.errors().isEmpty()) {
          AuditChain.append(tx, List.of(AuditEvent.anonymousBy(ACTOR, "caseImport.applied",
              null, "lines", lines.size(), "changed", report.changed(), "errors",
              report.errors().size())), now);
        }
        return report;
      });
    } catch (DryRun d) {
      return d.report;
    }
  }

  /** Carries a dry run's report out of the transaction it rolls back. */
  private static final class DryRun extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ImportReport report;

    DryRun(ImportReport report) {
      super(null, null, false, false);
      this.report = report;
    }
  }

  private ImportReport apply(Tx tx, List<String> lines, long now) throws SQLException {
    List<ImportReport.Line> out = new ArrayList<>();
    Set<String> poke = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      int n = i + 1;
      try {
        out.add(item(tx, n, text, now, poke));
      } catch (ItemError e) {
        out.add(new ImportReport.Line(n, e.key, "error", Map.of(), e.code, e.getMessage()));
      }
    }
    return new ImportReport(out, List.copyOf(poke), false);
  }

  /** A line refused, with a stable code. */
  private static final class ItemError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String key;

    ItemError(String key, String code, String message) {
      super(message, null, false, false);
      this.code = code;
      this.key = key;
    }
  }

  private ImportReport.Line item(Tx tx, int n, String text, long now, Set<String> poke)
      throws SQLException, ItemError {
    if (text.indexOf('\0') >= 0) {
      throw new ItemError(null, "import.line.malformed", "the line holds a NUL character");
    }
    JsonNode j;
    try {
      j = ProtocolCodec.readTree(text);
    } catch (RuntimeException e) {
      throw new ItemError(null, "import.line.malformed", "the line is not one JSON object");
    }
    if (j == null || !j.isObject()) {
      throw new ItemError(null, "import.line.malformed", "the line is not one JSON object");
    }
    String kind = j.path("kind").asText("");
    JsonNode v = j.get("version");
    String key = switch (kind) {
      case "team" -> "team:" + id(j, "id", null);
      case "case" -> "case:" + id(j, "id", null);
      case "allocation" -> "allocation:" + id(j, "caseId", null) + "/"
          + (j.hasNonNull("userId") ? id(j, "userId", null) : id(j, "user", null));
      default -> throw new ItemError(null, "import.kind.unknown", "kind must be team, case or"
          + " allocation, not '" + kind + "'");
    };
    if (v == null || !v.isIntegralNumber() || v.asLong() < 1) {
      throw new ItemError(key, "import.version.invalid", "version must be a whole number, 1 or"
          + " more");
    }
    long version = v.asLong();
    String digest = Digests.sha256Hex(CanonicalJson.canonicalize(j)
        .getBytes(StandardCharsets.UTF_8));
    Optional<ImportRepo.Applied> applied = tx.imports().applied(key);
    if (applied.isPresent()) {
      if (version < applied.get().version()) {
        return new ImportReport.Line(n, key, "stale", Map.of(), null, "version " + version
            + " is older than the applied version " + applied.get().version());
      }
      if (version == applied.get().version()) {
        if (applied.get().digest().equals(digest)) {
          return new ImportReport.Line(n, key, "unchanged", Map.of(), null, null);
        }
        throw new ItemError(key, "import.version.reused", "version " + version + " was already"
            + " applied with different content; send a higher version");
      }
    }
    Map<String, List<Object>> changes = switch (kind) {
      case "team" -> team(tx, j, key);
      case "case" -> caseItem(tx, j, key);
      default -> allocation(tx, j, key, poke);
    };
    tx.imports().putApplied(key, version, digest, now);
    return new ImportReport.Line(n, key, applied.isEmpty() && !changes.isEmpty() ? "created"
        : changes.isEmpty() ? "unchanged" : "updated", changes, null, null);
  }

  private static Map<String, List<Object>> team(Tx tx, JsonNode j, String key)
      throws SQLException, ItemError {
    String id = id(j, "id", key);
    String name = text(j, "name", key, true);
    String locality = text(j, "locality", key, true);
    Optional<String[]> old = tx.imports().team(id);
    Map<String, List<Object>> changes = new LinkedHashMap<>();
    diff(changes, "name", old.map(o -> o[0]).orElse(null), name);
    diff(changes, "locality", old.map(o -> o[1]).orElse(null), locality);
    if (!changes.isEmpty()) {
      tx.directory().upsertTeam(id, name, locality);
    }
    return changes;
  }

  private static Map<String, List<Object>> caseItem(Tx tx, JsonNode j, String key)
      throws SQLException, ItemError {
    String id = id(j, "id", key);
    String team = id(j, "team", key);
    String locality = text(j, "locality", key, true);
    String label = text(j, "label", key, true);
    String status = status(j, key);
    boolean closed = j.path("closed").asBoolean(false);
    if (tx.imports().team(team).isEmpty()) {
      throw new ItemError(key, "import.team.unknown", "team " + team + " is not known; send"
          + " its team line first");
    }
    Map<String, String> kids = new TreeMap<>();
    JsonNode children = j.path("children");
    if (!children.isMissingNode() && !children.isArray()) {
      throw new ItemError(key, "import.field.invalid", "children must be an array");
    }
    for (JsonNode c : children) {
      String cid = id(c, "id", key);
      String initials = text(c, "initials", key, true);
      if (initials.length() > 10) {
        throw new ItemError(key, "import.field.invalid", "a child's initials are at most 10"
            + " characters: initials only, never a name");
      }
      kids.put(cid, initials + "/" + status(c, key));
    }
    Map<String, Object> old = tx.imports().caseFields(id).orElse(Map.of());
    Map<String, List<Object>> changes = new LinkedHashMap<>();
    diff(changes, "team", old.get("team"), team);
    diff(changes, "locality", old.get("locality"), locality);
    diff(changes, "label", old.get("label"), label);
    diff(changes, "status", old.get("status"), status);
    diff(changes, "closed", old.isEmpty() ? null : old.get("closed"), closed);
    if (!changes.isEmpty()) {
      tx.imports().putCase(id, team, locality, label, status, closed);
    }
    Map<String, String> oldKids = tx.imports().children(id);
    for (Map.Entry<String, String> k : kids.entrySet()) {
      if (!k.getValue().equals(oldKids.get(k.getKey()))) {
        String[] parts = k.getValue().split("/", 2);
        tx.imports().putChild(id, k.getKey(), parts[0], "null".equals(parts[1]) ? null
            : parts[1]);
        diff(changes, "child " + k.getKey(), oldKids.get(k.getKey()), k.getValue());
      }
    }
    return changes;
  }

  private static Map<String, List<Object>> allocation(Tx tx, JsonNode j, String key,
      Set<String> poke) throws SQLException, ItemError {
    String caseId = id(j, "caseId", key);
    PersonRow p = (j.hasNonNull("userId") ? tx.people().person(id(j, "userId", key))
        : tx.people().personByUserName(id(j, "user", key))).orElseThrow(() -> new ItemError(key,
            "import.user.unknown", "no such user; provision them by SCIM first"));
    if (!tx.imports().caseExists(caseId)) {
      throw new ItemError(key, "import.case.unknown", "case " + caseId + " is not known; send"
          + " its case line first");
    }
    JsonNode a = j.get("active");
    if (a == null || !a.isBoolean()) {
      throw new ItemError(key, "import.field.invalid", "active must be true or false");
    }
    boolean was = tx.directory().allocated(caseId, p.id());
    if (was == a.asBoolean()) {
      return Map.of();
    }
    tx.directory().setAllocation(caseId, p.id(), a.asBoolean(), tx.feed().reserveSeqs(1));
    poke.add(p.id());
    Map<String, List<Object>> changes = new LinkedHashMap<>();
    diff(changes, "active", was, a.asBoolean());
    return changes;
  }

  private static void diff(Map<String, List<Object>> changes, String field, Object was,
      Object now) {
    if (was == null ? now != null : !was.equals(now)) {
      List<Object> pair = new ArrayList<>();
      pair.add(was);
      pair.add(now);
      changes.put(field, pair);
    }
  }

  private static String status(JsonNode j, String key) throws ItemError {
    JsonNode s = j.get("status");
    if (s == null || s.isNull()) {
      return null;
    }
    if (!s.isTextual() || !STATUSES.contains(s.asText())) {
      throw new ItemError(key, "import.status.unknown", "status must be one of "
          + new TreeSet<>(STATUSES));
    }
    return s.asText();
  }

  private static String id(JsonNode j, String field, String key) throws ItemError {
    JsonNode v = j.get(field);
    if (v == null || !v.isTextual() || !ID.matcher(v.asText()).matches()) {
      throw new ItemError(key, "import.field.invalid", field + " must be an id of 1 to 100"
          + " letters, digits or . _ : -");
    }
    return v.asText();
  }

  private static String text(JsonNode j, String field, String key, boolean required)
      throws ItemError {
    JsonNode v = j.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) {
        throw new ItemError(key, "import.field.missing", field + " is required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().length() > 200) {
      throw new ItemError(key, "import.field.invalid", field + " must be text of at most 200"
          + " characters");
    }
    return v.asText().strip();
  }
}
