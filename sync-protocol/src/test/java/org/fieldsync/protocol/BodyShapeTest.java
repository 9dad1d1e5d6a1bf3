package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.junit.jupiter.api.Test;

/**
 * A body's fields have exactly the JSON types PROTOCOL.md section 6 gives them. What a lenient
 * parser would coerce (a quoted number, a fraction, a number for an instant) is refused, so it is
 * never stored as sent and handed to another tablet whose strict decoder would fail on it.
 */
class BodyShapeTest {

  private static List<FieldError> errors(RecordBody example, Consumer<ObjectNode> edit) {
    Revision valid = Examples.revision(example);
    ObjectNode body = (ObjectNode) ProtocolCodec.readTree(valid.body());
    edit.accept(body);
    String text = CanonicalJson.canonicalize(body);
    Revision r = Revisions.next(valid.id(), RecordType.fromWire(valid.type()).orElseThrow(),
        valid.caseId(), valid.childIds(), null, false, 1, "u-1", "dev-1",
        new Hlc(1_000, 0, "dev-1"), text);
    return RecordValidator.validate(r).errors();
  }

  private static void refused(RecordBody example, String field, String code,
      Consumer<ObjectNode> edit) {
    List<FieldError> errors = errors(example, edit);
    assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.code().equals(code)),
        "expected " + code + " at " + field + ", got " + errors);
  }

  @Test
  void aWholeNumberFieldTakesOnlyAJsonInteger() {
    String bad = "record.body.invalid";
    refused(Examples.visit(), "durationMinutes", bad, b -> b.put("durationMinutes", "45"));
    refused(Examples.visit(), "durationMinutes", bad, b -> b.put("durationMinutes", 45.5));
    refused(Examples.visit(), "durationMinutes", bad, b -> b.put("durationMinutes", 45.0));
    refused(Examples.fnsp(), "amountPence", bad, b -> b.put("amountPence", 4550.5));
    refused(Examples.fnsp(), "amountPence", bad, b -> b.put("amountPence", "4500"));
    assertEquals(List.of(), errors(Examples.visit(), b -> b.put("durationMinutes", 45)));
  }

  @Test
  void aReturnHomeTimeIsAUtcInstantNotANumberTheDueListWouldIgnore() {
    refused(Examples.visit(), "returns.0.returnedAt", "record.body.invalid",
        b -> b.putArray("returns").addObject().put("childId", "child-1")
            .put("returnedAt", 1796211826000L));
    refused(Examples.visit(), "returns.0.returnedAt", "record.body.invalid",
        b -> b.putArray("returns").addObject().put("childId", "child-1")
            .put("returnedAt", "2026-11-19T22:10:00+01:00"));
    assertEquals(List.of(), errors(Examples.visit(), b -> b.putArray("returns").addObject()
        .put("childId", "child-1").put("returnedAt", "2026-11-19T21:10:00Z")));
  }

  @Test
  void datesAndTimesFollowOneGrammar() {
    String bad = "record.body.invalid";
    refused(Examples.visit(), "startTime", bad, b -> b.put("startTime", "10:30:15.5"));
    refused(Examples.visit(), "date", bad, b -> b.put("date", "2026-11-20T00:00:00Z"));
    refused(Examples.visit(), "planned", bad, b -> b.put("planned", "true"));
    assertEquals(List.of(), errors(Examples.visit(), b -> b.put("startTime", "10:30")));
    assertEquals(List.of(), errors(Examples.visit(), b -> b.put("startTime", "10:30:15")));
  }

  @Test
  void aNulCharacterIsRefusedInAnyTextOnEveryStore() {
    refused(Examples.visit(), "notes", "record.body.invalid", b -> b.put("notes", "a\u0000b"));
    refused(Examples.visit(), "othersPresent.1", "record.body.invalid",
        b -> b.putArray("othersPresent").add("Mum").add("Gran\u0000"));
  }

  @Test
  void aNullInAListIsNamedByItsPlace() {
    refused(Examples.visit(), "othersPresent.1", "record.body.invalid",
        b -> b.putArray("othersPresent").add("Mum").addNull());
  }

  @Test
  void aChoiceOutsideItsListIsInvalidNotMissing() {
    List<FieldError> errors = errors(Examples.visit(), b -> b.put("mode", "carrier_pigeon"));
    assertEquals(List.of("visit.mode.invalid"), errors.stream().map(FieldError::code).toList(),
        errors.toString());
    refused(Examples.fnsp(), "category", "fnsp.category.invalid",
        b -> b.put("category", "yacht"));
  }

  @Test
  void unknownFieldsOfANewerClientAreLeftAlone() {
    assertEquals(List.of(), errors(Examples.visit(), b -> {
      b.put("weatherOnTheDay", 12.5);
      JsonNode unused = b.putObject("newerThing").put("x", "y");
      assertTrue(unused.isObject());
    }));
  }
}
