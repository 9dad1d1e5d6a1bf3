package org.fieldsync.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.store.ExportEntry;

/**
 * The export message, schema {@value #SCHEMA} (docs/integration.md, "Export messages"): one
 * revision of one record that reached an exportable state, with its idempotency key (record id
 * and rev), the server sequence that orders a record's revisions, and the rev it supersedes at
 * this sink. The same entry always makes the same bytes, so a retry is byte-for-byte the first
 * attempt.
 *
 * <p>For a sink whose identities are {@code pseudonyms} (a reporting sink, as DOMAIN.md asks),
 * the case is its pseudonymous label, each child their initials, the author a stable per-sink
 * pseudonym, the device is left out, and the body keeps only its structured values (booleans,
 * numbers, dates, times and lower-case codes such as {@code home_visit}): free text, which can
 * hold names, never leaves for a reporting sink.
 */
final class ExportMessage {
  static final String SCHEMA = "fieldsync.export/1";
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Pattern DATE_TIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+Z?)?|\\d{2}:\\d{2}(:\\d{2})?");

  private ExportMessage() {}

  /**
   * The message's JSON bytes.
   *
   * @param e the outbox entry
   * @param r its revision
   * @param supersedes the rev this sink was last sent of the record, or null
   * @param sink the sink
   * @param caseLabel the case's label (pseudonyms), nullable
   * @param initials child id to initials (pseudonyms)
   * @param pseudonymKey the key of authors' pseudonyms
   */
  static byte[] build(ExportEntry e, Revision r, String supersedes, ExportSettings.Sink sink,
      String caseLabel, Map<String, String> initials, byte[] pseudonymKey) {
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.put("schema", SCHEMA);
    o.put("idempotencyKey", e.key());
    o.put("sink", sink.name());
    o.put("identities", sink.identities());
    o.put("reason", e.reason());
    o.put("reachedAt", Instant.ofEpochMilli(e.createdAt()).toString());
    ObjectNode rec = o.putObject("record");
    rec.put("id", r.id());
    rec.put("type", r.type());
    rec.put("rev", r.rev());
    rec.put("generation", r.generation());
    rec.put("parentRev", r.parentRev());
    rec.put("supersedes", supersedes);
    rec.put("serverSeq", e.seq());
    rec.put("schemaVersion", r.schemaVersion());
    rec.put("deleted", r.deleted());
    rec.put("hlc", r.hlc());
    JsonNode body = ProtocolCodec.readTree(r.body());
    if (sink.pseudonyms()) {
      rec.put("case", caseLabel);
      ArrayNode kids = rec.putArray("children");
      for (String c : r.childIds()) {
        kids.add(initials.getOrDefault(c, "?"));
      }
      rec.put("author", pseudonym(pseudonymKey, sink.name(), r.authorId()));
      rec.set("body", structured(body));
    } else {
      rec.put("caseId", r.caseId());
      ArrayNode kids = rec.putArray("childIds");
      r.childIds().forEach(kids::add);
      rec.put("authorId", r.authorId());
      rec.put("deviceId", r.deviceId());
      rec.set("body", body);
    }
    return ProtocolCodec.encode(o);
  }

  /** A stable pseudonym of a worker for one sink: W- and 8 hex digits of an HMAC. */
  static String pseudonym(byte[] key, String sink, String id) {
    byte[] mac = Digests.hmacSha256(key, (sink + "\n" + id).getBytes(StandardCharsets.UTF_8));
    return "W-" + HexFormat.of().formatHex(mac, 0, 4);
  }

  /** The body without free text: only values that cannot carry a name. */
  static JsonNode structured(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = ProtocolCodec.mapper().createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode v = structured(f.getValue());
        if (v != null) {
          out.set(f.getKey(), v);
        }
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = ProtocolCodec.mapper().createArrayNode();
      n.forEach(x -> {
        JsonNode v = structured(x);
        if (v != null) {
          out.add(v);
        }
      });
      return out;
    }
    if (n.isTextual()) {
      String t = n.asText();
      return CODE.matcher(t).matches() || DATE_TIME.matcher(t).matches() ? n : null;
    }
    return n;
  }
}
