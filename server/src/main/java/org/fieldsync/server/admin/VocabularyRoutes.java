package org.fieldsync.server.admin;

import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.merge.FieldLabels;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.RouteModule;

/**
 * {@code GET /api/v1/vocabulary}: every record type's fields as people read them (labels, codes
 * in words, how each value is written out), straight from sync-protocol's {@link FieldLabels}.
 * The console loads it once after sign-in. It holds no case content, so any signed-in user may
 * read it (the managers' and auditors' pages to come use it too).
 */
public final class VocabularyRoutes implements RouteModule {
  /** Encoded once: the table never changes while the server runs. */
  private final byte[] vocabulary;

  public VocabularyRoutes() {
    List<Map<String, Object>> types = new ArrayList<>();
    for (RecordType t : RecordType.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", t.wireName());
      m.put("label", FieldLabels.typeLabel(t));
      m.put("fields", FieldLabels.shapes(t));
      types.add(m);
    }
    this.vocabulary = ProtocolCodec.encode(Map.of("types", types, "envelope",
        FieldLabels.envelope()));
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/vocabulary").handler(http.auth())
        .handler(ctx -> http.json(ctx, 200, vocabulary));
  }
}
