package org.fieldsync.protocol.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.junit.jupiter.api.Test;

class MergeTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final RecordType NOTE = RecordType.SUPERVISION_NOTE;

  // ---- examples -------------------------------------------------------------------------------

  @Test
  void supervisionNoteAttendeesUniteAndAnalysisAppendsInHlcOrder() {
    String base = "{\"analysis\":\"Risk reducing.\",\"attendees\":[{\"name\":\"Erin\"}],"
        + "\"kind\":\"group_cp\"}";
    String alice = "{\"analysis\":\"Risk reducing. School reports better attendance.\","
        + "\"attendees\":[{\"name\":\"Erin\"},{\"name\":\"Alice\"}],\"kind\":\"group_cp\"}";
    String bea = "{\"analysis\":\"Risk reducing.\\nHealth visitor has no concerns.\","
        + "\"attendees\":[{\"name\":\"Erin\"},{\"name\":\"Bea\"}],\"kind\":\"group_cp\"}";
    MergeResult r = Merge.merge(NOTE, side("1-a", "01", base), side("2-b", "03", bea),
        side("2-a", "02", alice));
    assertTrue(r.clean());
    JsonNode body = ProtocolCodec.readTree(r.merged().orElseThrow().body());
    assertEquals("Risk reducing. School reports better attendance."
        + "\nHealth visitor has no concerns.",
        body.get("analysis").asText());
    assertEquals("[{\"name\":\"Erin\"},{\"name\":\"Alice\"},{\"name\":\"Bea\"}]",
        body.get("attendees").toString());
  }

  @Test
  void twoWorkersRecordingDifferentReturnsFromMissingKeepBoth() {
    String base = "{\"mode\":\"phone\"}";
    String alice = "{\"mode\":\"phone\",\"returns\":[{\"childId\":\"child-1\","
        + "\"returnedAt\":\"2026-11-19T21:10:00Z\"}]}";
    String bea = "{\"mode\":\"phone\",\"returns\":[{\"childId\":\"child-2\","
        + "\"returnedAt\":\"2026-11-20T07:30:00Z\"}]}";
    MergeResult r = Merge.merge(RecordType.VISIT, side("1-a", "01", base),
        side("2-a", "02", alice), side("2-b", "03", bea));
    assertTrue(r.clean());
    assertEquals(2, ProtocolCodec.readTree(r.merged().orElseThrow().body()).get("returns")
        .size(), "no return is lost: each starts a return home interview's clock");
  }

  @Test
  void differentScalarChangesConflictAndKeepNoMergedBody() {
    MergeResult r = Merge.merge(RecordType.VISIT, side("1-a", "01", "{\"mode\":\"home_visit\"}"),
        side("2-a", "02", "{\"mode\":\"school\"}"), side("2-b", "02", "{\"mode\":\"video\"}"));
    assertFalse(r.clean());
    assertEquals(List.of("mode"), r.conflictingFields());
    assertTrue(r.byName().get("mode").reason().contains("different values"));
  }

  @Test
  void sameChildSeenDifferentlyIsAConflictButDifferentChildrenMerge() {
    String base = "{\"childrenSeen\":[{\"childId\":\"c1\",\"seen\":true,\"seenAlone\":false},"
        + "{\"childId\":\"c2\",\"seen\":true,\"seenAlone\":false}]}";
    String a = base.replace("\"c1\",\"seen\":true,\"seenAlone\":false",
        "\"c1\",\"seen\":true,\"seenAlone\":true");
    String b = base.replace("\"c2\",\"seen\":true,\"seenAlone\":false",
        "\"c2\",\"seen\":true,\"seenAlone\":true");
    MergeResult clean = Merge.merge(RecordType.VISIT, side("1", "01", base), side("2a", "02", a),
        side("2b", "02", b));
    assertTrue(clean.clean());
    String merged = clean.merged().orElseThrow().body();
    assertTrue(merged.contains("{\"childId\":\"c1\",\"seen\":true,\"seenAlone\":true}"));
    assertTrue(merged.contains("{\"childId\":\"c2\",\"seen\":true,\"seenAlone\":true}"));
    String c = base.replace("\"c1\",\"seen\":true,\"seenAlone\":false",
        "\"c1\",\"seen\":false,\"seenAlone\":false");
    MergeResult conflict = Merge.merge(RecordType.VISIT, side("1", "01", base),
        side("2a", "02", a), side("2c", "02", c));
    assertEquals(List.of("childrenSeen"), conflict.conflictingFields());
  }

  @Test
  void rewritingNarrativeTextIsAConflictNotAnAppend() {
    MergeResult r = Merge.merge(RecordType.VISIT, side("1", "01", "{\"notes\":\"Dog barked.\"}"),
        side("2a", "02", "{\"notes\":\"Dog barked. Mum tired.\"}"),
        side("2b", "02", "{\"notes\":\"Dog was calm.\"}"));
    assertEquals(List.of("notes"), r.conflictingFields());
  }

  @Test
  void threeSidesMakeOneResultWithEveryConflictingField() {
    MergeResult r = Merge.merge(RecordType.VISIT, side("1", "01", "{\"mode\":\"phone\"}"),
        List.of(side("2a", "02", "{\"mode\":\"school\"}"),
            side("2b", "03", "{\"mode\":\"video\"}"),
            side("2c", "04", "{\"mode\":\"phone\",\"notes\":\"x\"}")));
    assertEquals(List.of("mode"), r.conflictingFields());
    assertTrue(r.byName().get("mode").reason().startsWith("2 sides"));
    assertEquals("x", r.byName().get("notes").merged().asText());
  }

  @Test
  void deleteAgainstAnEditIsAConflict() {
    MergeSide base = side("1", "01", "{\"notes\":\"a\"}");
    MergeSide edit = side("2a", "02", "{\"notes\":\"ab\"}");
    MergeSide delete = new MergeSide("2b", "02", "case-1", List.of("c1"), true,
        "{\"notes\":\"a\"}");
    assertEquals(List.of(Merge.DELETED),
        Merge.merge(RecordType.VISIT, base, edit, delete).conflictingFields());
  }

  @Test
  void wordsChangedInDraftWhileAnotherDeviceSubmittedAreAConflict() {
    RecordType cvo = RecordType.CHILD_VOICE_OBSERVATION;
    String base = "{\"childWords\":\"I like my room.\",\"status\":\"draft\"}";
    String submitted = "{\"childWords\":\"I like my room.\",\"status\":\"submitted\"}";
    String edited = "{\"childWords\":\"I like my room. And the dog.\",\"status\":\"draft\"}";
    MergeResult r = Merge.merge(cvo, side("1", "01", base), side("2a", "02", submitted),
        side("2b", "03", edited));
    assertEquals(List.of("childWords"), r.conflictingFields());
  }

  @Test
  void anAmountChangedOfflineWhileAManagerApprovedIsAConflictNotAnApproval() {
    RecordType fnsp = RecordType.FNSP_REQUEST;
    String base = "{\"amountPence\":4500,\"status\":\"draft\"}";
    String submittedThenApproved =
        "{\"amountPence\":4500,\"status\":\"approved\",\"decidedBy\":\"u-erin\"}";
    String raisedOffline = "{\"amountPence\":90000,\"status\":\"draft\"}";
    MergeResult r = Merge.merge(fnsp, side("1", "01", base), side("2a", "02",
        submittedThenApproved), side("2b", "03", raisedOffline));
    assertEquals(List.of("amountPence"), r.conflictingFields());
  }

  @Test
  void everyTypeDeclaresARuleForEveryBodyField() {
    for (RecordType t : RecordType.values()) {
      Set<String> components = new TreeSet<>();
      for (var c : t.bodyClass().getRecordComponents()) {
        components.add(c.getName());
      }
      assertEquals(components, new TreeSet<>(MergeRules.fields(t).keySet()), t.wireName());
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  @Property(tries = 300)
  void mergeIgnoresTheOrderOfItsSides(@ForAll("edits") Scenario s) {
    MergeResult ab = Merge.merge(NOTE, s.base, s.a, s.b);
    MergeResult ba = Merge.merge(NOTE, s.base, s.b, s.a);
    assertEquals(ab, ba);
    assertEquals(ab, Merge.merge(NOTE, s.base, s.a, s.b));
  }

  @Property(tries = 300)
  void nothingEitherSideAddedDisappears(@ForAll("edits") Scenario s) {
    MergeResult r = Merge.merge(NOTE, s.base, s.a, s.b);
    if (!r.clean()) {
      assertFalse(r.conflictingFields().isEmpty());
      return;
    }
    JsonNode merged = ProtocolCodec.readTree(r.merged().orElseThrow().body());
    JsonNode base = ProtocolCodec.readTree(s.base.body());
    for (MergeSide side : List.of(s.a, s.b)) {
      JsonNode body = ProtocolCodec.readTree(side.body());
      for (JsonNode attendee : body.path("attendees")) {
        if (!contains(base.path("attendees"), attendee)) {
          assertTrue(contains(merged.path("attendees"), attendee), "attendee kept");
        }
      }
      String addition = body.path("analysis").asText("")
          .substring(base.path("analysis").asText("").length());
      assertTrue(merged.path("analysis").asText("").contains(addition));
    }
  }

  @Property(tries = 300)
  void devicesNeverChangeSealedOrServerOwnedFields(@ForAll("edits") Scenario s) {
    boolean aAllowed = RecordGate.allows(Transition.device(NOTE, "u-a", state(s.base), state(s.a)));
    boolean bAllowed = RecordGate.allows(Transition.device(NOTE, "u-b", state(s.base), state(s.b)));
    if (s.touchedProtected) {
      assertFalse(aAllowed && bAllowed, "a protected change is refused");
    }
    if (!aAllowed || !bAllowed) {
      return; // the server refuses such a push before it reaches a merge
    }
    MergeResult r = Merge.merge(NOTE, s.base, s.a, s.b);
    JsonNode base = ProtocolCodec.readTree(s.base.body());
    boolean sealed = MergeRules.sealed(NOTE, s.base.body());
    r.merged().ifPresent(m -> {
      RecordState out = new RecordState(m.caseId(), m.childIds(), m.deleted(), m.body());
      assertEquals(List.of(), RecordGate.check(Transition.merge(NOTE, state(s.a),
          List.of(state(s.a), state(s.b)), out)), "a merge of allowed edits passes the gate");
      JsonNode merged = ProtocolCodec.readTree(m.body());
      for (FieldSpec f : MergeRules.fields(NOTE).values()) {
        if (f.rule() == FieldRule.SERVER_OWNED || f.rule() == FieldRule.SEALED && sealed) {
          assertTrue(MergeRules.same(base.path(f.name()), merged.path(f.name())), f.name());
        }
      }
    });
  }

  @Property(tries = 200)
  void mergingASideWithItselfGivesThatSide(@ForAll("edits") Scenario s) {
    MergeResult r = Merge.merge(NOTE, s.base, s.a, s.a);
    assertEquals(CanonicalJson.canonicalize(s.a.body()), r.merged().orElseThrow().body());
  }

  private static RecordState state(MergeSide s) {
    return new RecordState(s.caseId(), s.childIds(), s.deleted(), s.body());
  }

  /** A base supervision note and two concurrent device edits of it. */
  record Scenario(MergeSide base, MergeSide a, MergeSide b, boolean touchedProtected) {}

  @Provide
  Arbitrary<Scenario> edits() {
    Arbitrary<List<String>> people = Arbitraries.of("Erin", "Alice", "Bea", "Dan", "Hana", "Jo")
        .list().uniqueElements().ofMaxSize(4);
    Arbitrary<String> text = Arbitraries.of("", "Risk reducing.", "Mum engaging well.");
    Arbitrary<Boolean> signed = Arbitraries.of(true, false);
    Arbitrary<ObjectNode> bases = Combinators.combine(people, text, signed).as((p, t, sg) -> {
      ObjectNode o = N.objectNode();
      o.set("attendees", attendees(p));
      o.put("analysis", t);
      o.put("kind", "group_cp");
      o.put("decisions", "Review in four weeks.");
      if (sg) {
        o.put("signedOffBy", "u-erin");
      }
      return o;
    });
    Arbitrary<Edit> edit = Combinators.combine(
        Arbitraries.of("Zoe", "Alice", "Kit", "Dan").list().ofMaxSize(2),
        Arbitraries.integers().between(0, 3),
        Arbitraries.of("", " Dad attended.", "\nSchool worried.", " Dad"),
        Arbitraries.of("keep", "group_cp", "line_of_sight", "decisions", "signoff"))
        .as(Edit::new);
    return Combinators.combine(bases, edit, edit, Arbitraries.strings().numeric().ofLength(2))
        .as((base, ea, eb, h) -> {
          boolean prot = ea.protectedChange(base) || eb.protectedChange(base);
          return new Scenario(side("1-base", "00", base.toString()),
              side("2-a", "1" + h, ea.apply(base).toString()),
              side("2-b", "1" + new StringBuilder(h).reverse(), eb.apply(base).toString()), prot);
        });
  }

  /** One device's edit: add people, drop one, append analysis text, and one scalar change. */
  record Edit(List<String> add, int drop, String append, String change) {
    ObjectNode apply(ObjectNode base) {
      ObjectNode o = base.deepCopy();
      ArrayNode att = (ArrayNode) o.get("attendees");
      if (drop < att.size() && drop % 2 == 0) {
        att.remove(drop);
      }
      for (String p : add) {
        if (!contains(att, attendee(p))) {
          att.add(attendee(p));
        }
      }
      o.put("analysis", o.get("analysis").asText() + append);
      switch (change) {
        case "group_cp", "line_of_sight" -> o.put("kind", change);
        case "decisions" -> o.put("decisions", "Escalate to legal planning.");
        case "signoff" -> o.put("signedOffBy", "u-alice");
        default -> { }
      }
      return o;
    }

    boolean protectedChange(ObjectNode base) {
      return change.equals("signoff") && !"u-alice".equals(base.path("signedOffBy").asText(null))
          || change.equals("decisions") && base.has("signedOffBy");
    }
  }

  private static ArrayNode attendees(List<String> names) {
    ArrayNode a = N.arrayNode();
    names.forEach(n -> a.add(attendee(n)));
    return a;
  }

  private static ObjectNode attendee(String name) {
    ObjectNode o = N.objectNode();
    o.put("name", name);
    o.put("agency", "Dorset Council");
    return o;
  }

  private static boolean contains(JsonNode array, JsonNode item) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(CanonicalJson.canonicalize(n)));
    return items.contains(CanonicalJson.canonicalize(item));
  }

  private static MergeSide side(String rev, String hlc, String body) {
    return new MergeSide(rev, hlc, "case-1", List.of("c1"), false,
        CanonicalJson.canonicalize(body));
  }
}
