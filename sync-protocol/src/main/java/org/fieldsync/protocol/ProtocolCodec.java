package org.fieldsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.records.RecordBody;

/**
 * The single place where protocol values meet JSON. Every peer that shares this class agrees on
 * field names, unknown-field tolerance, size limits and the body's canonical form.
 *
 * <p>Limits are enforced while parsing (Jackson {@link StreamReadConstraints}), so a hostile
 * document is refused before it is built in memory: nesting depth {@value #MAX_DEPTH}, strings of
 * at most {@value #MAX_STRING_LENGTH} characters, numbers of at most 64 digits.
 */
public final class ProtocolCodec {
  public static final int MAX_DEPTH = 32;
  public static final int MAX_STRING_LENGTH = 1_000_000;

  private static final ObjectMapper MAPPER = build();

  private ProtocolCodec() {}

  /** The shared, configured mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID, "cannot encode message", e);
    }
  }

  public static String encodeToString(Object message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID, "cannot encode message", e);
    }
  }

  /**
   * Decodes a message.
   *
   * @throws ProtocolException with {@code request.body.malformed} for text that is not JSON, {@code
   *     request.body.tooDeep} or {@code request.body.tooLarge} for a document past the limits, and
   *     {@code request.body.invalid} for JSON of the wrong shape
   */
  public static <T> T decode(byte[] json, Class<T> type) {
    return read(() -> MAPPER.readValue(json, type));
  }

  /** As {@link #decode(byte[], Class)}, from text. */
  public static <T> T decode(String json, Class<T> type) {
    return read(() -> MAPPER.readValue(json, type));
  }

  private interface Reader<T> {
    T read() throws IOException;
  }

  private static <T> T read(Reader<T> reader) {
    try {
      T value = reader.read();
      if (value == null) {
        throw new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID, "a JSON object is required");
      }
      return value;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Parses JSON text into a tree with the protocol's limits; a bad text is a ProtocolException. */
  public static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** The canonical JSON text of a typed body. */
  public static String encodeBody(RecordBody body) {
    return CanonicalJson.canonicalize(MAPPER.valueToTree(body));
  }

  /**
   * Decodes a canonical body into its typed record.
   *
   * @throws ProtocolException with code {@code record.body.invalid} naming the offending field
   */
  public static <B extends RecordBody> B decodeBody(String canonicalBody, Class<B> type) {
    try {
      return MAPPER.readValue(canonicalBody, type);
    } catch (MismatchedInputException e) {
      throw new ProtocolException(ErrorCodes.RECORD_BODY_INVALID, fieldPath(e));
    } catch (IOException e) {
      throw new ProtocolException(ErrorCodes.RECORD_BODY_INVALID, "");
    }
  }

  /** As {@link #decodeBody(String, Class)}, from a body already parsed. */
  public static <B extends RecordBody> B decodeBody(JsonNode body, Class<B> type) {
    try {
      return MAPPER.treeToValue(body, type);
    } catch (MismatchedInputException e) {
      throw new ProtocolException(ErrorCodes.RECORD_BODY_INVALID, fieldPath(e));
    } catch (IOException | IllegalArgumentException e) {
      throw new ProtocolException(ErrorCodes.RECORD_BODY_INVALID, "");
    }
  }

  /** The dotted JSON path of a mismatch, e.g. {@code childrenSeen.0.seenAlone}. */
  static String fieldPath(JsonMappingException e) {
    List<String> parts = new ArrayList<>();
    for (var ref : e.getPath()) {
      parts.add(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
    }
    return String.join(".", parts);
  }

  private static ProtocolException translate(IOException e) {
    // Jackson wraps parse and limit failures met inside a deserializer; look at the causes.
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StreamConstraintsException sce) {
        return translate(sce, null);
      }
      if (c instanceof JsonParseException) {
        return new ProtocolException(ErrorCodes.REQUEST_BODY_MALFORMED,
            "request body is not valid JSON");
      }
    }
    return translate(e, null);
  }

  private static ProtocolException translate(IOException e, Void unused) {
    if (e instanceof StreamConstraintsException sce) {
      String msg = String.valueOf(sce.getMessage());
      return msg.contains("depth")
          ? new ProtocolException(ErrorCodes.REQUEST_BODY_TOO_DEEP,
              "JSON nesting is deeper than " + MAX_DEPTH)
          : new ProtocolException(ErrorCodes.REQUEST_BODY_TOO_LARGE,
              "a JSON value is longer than allowed");
    }
    if (e instanceof MismatchedInputException mie) {
      String path = fieldPath(mie);
      String own = mie.getOriginalMessage();
      // Our own deserializers write messages meant for people; Jackson's name Java types.
      boolean ours = own != null && (own.startsWith("field '") || own.startsWith("revision")
          || own.startsWith("'"));
      String where = path.isEmpty() ? "" : " (at " + path + ")";
      return new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID,
          ours ? own + where
              : path.isEmpty() ? "JSON has the wrong shape"
                  : "field '" + path + "' has the wrong type", path.isEmpty() ? null : path);
    }
    if (e instanceof JsonMappingException jme && jme.getCause() instanceof ProtocolException pe) {
      return pe;
    }
    if (e instanceof JsonMappingException jme) {
      String path = fieldPath(jme);
      return new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID,
          path.isEmpty() ? "JSON has the wrong shape" : "field '" + path + "' is invalid",
          path.isEmpty() ? null : path);
    }
    return new ProtocolException(ErrorCodes.REQUEST_BODY_MALFORMED,
        "request body is not valid JSON");
  }

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(64)
                    .build())
            .build();
    SimpleModule revisions = new SimpleModule("fieldsync-revision");
    revisions.addSerializer(Revision.class, new RevisionSerializer());
    revisions.addDeserializer(Revision.class, new RevisionDeserializer());
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .addModule(revisions)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
            JsonInclude.Include.NON_NULL))
        .build();
  }

  /** Writes the body as an embedded JSON object, not as a string. */
  private static final class RevisionSerializer extends StdSerializer<Revision> {
    private static final long serialVersionUID = 1L;

    RevisionSerializer() {
      super(Revision.class);
    }

    @Override
    public void serialize(Revision r, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("type", r.type());
      if (r.caseId() != null) {
        g.writeStringField("caseId", r.caseId());
      }
      g.writeArrayFieldStart("childIds");
      for (String c : r.childIds()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeStringField("rev", r.rev());
      if (r.parentRev() != null) {
        g.writeStringField("parentRev", r.parentRev());
      }
      g.writeBooleanField("deleted", r.deleted());
      g.writeNumberField("schemaVersion", r.schemaVersion());
      g.writeStringField("authorId", r.authorId());
      g.writeStringField("deviceId", r.deviceId());
      g.writeStringField("hlc", r.hlc());
      g.writeFieldName("body");
      g.writeRawValue(r.body() == null ? "{}" : r.body());
      g.writeEndObject();
    }
  }

  /**
   * Reads a revision strictly: every envelope field must have its JSON type, and the body must be
   * an object, which is canonicalised on the way in. Unknown envelope fields are ignored.
   */
  private static final class RevisionDeserializer extends StdDeserializer<Revision> {
    private static final long serialVersionUID = 1L;

    RevisionDeserializer() {
      super(Revision.class);
    }

    @Override
    public Revision deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonNode n = p.readValueAsTree();
      if (n == null || !n.isObject()) {
        throw MismatchedInputException.from(p, Revision.class, "a revision must be an object");
      }
      JsonNode body = n.get("body");
      if (body == null || !body.isObject()) {
        throw MismatchedInputException.from(p, Revision.class, "revision body must be an object");
      }
      return new Revision(
          text(p, n, "id"),
          text(p, n, "type"),
          text(p, n, "caseId"),
          strings(p, n, "childIds"),
          text(p, n, "rev"),
          text(p, n, "parentRev"),
          bool(p, n, "deleted"),
          integer(p, n, "schemaVersion"),
          text(p, n, "authorId"),
          text(p, n, "deviceId"),
          text(p, n, "hlc"),
          CanonicalJson.canonicalize(body));
    }

    private static String text(JsonParser p, JsonNode n, String f) throws IOException {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw MismatchedInputException.from(p, String.class, "field '" + f + "' must be a string");
      }
      return v.textValue();
    }

    private static boolean bool(JsonParser p, JsonNode n, String f) throws IOException {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) {
        return false;
      }
      if (!v.isBoolean()) {
        throw MismatchedInputException.from(p, Boolean.class,
            "field '" + f + "' must be a boolean");
      }
      return v.booleanValue();
    }

    private static int integer(JsonParser p, JsonNode n, String f) throws IOException {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) {
        return 0;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw MismatchedInputException.from(p, Integer.class,
            "field '" + f + "' must be an integer");
      }
      return v.intValue();
    }

    private static List<String> strings(JsonParser p, JsonNode n, String f) throws IOException {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw MismatchedInputException.from(p, List.class, "field '" + f + "' must be an array");
      }
      List<String> out = new ArrayList<>(v.size());
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          throw MismatchedInputException.from(p, String.class, "'" + f + "' must hold strings");
        }
        out.add(e.textValue());
      }
      return out;
    }
  }
}
