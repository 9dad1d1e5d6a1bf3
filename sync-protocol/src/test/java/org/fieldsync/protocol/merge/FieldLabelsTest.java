package org.fieldsync.protocol.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.gate.RecordGate;
import org.junit.jupiter.api.Test;

/**
 * Adding a field, a code or a member to a record without words for people fails here: the
 * console and the tablets would otherwise show {@code nextVisitDate} or {@code fnm}.
 */
class FieldLabelsTest {

  @Test
  void everyDeclaredFieldOfEveryTypeHasALabelAndNoLabelIsStale() {
    for (RecordType type : RecordType.values()) {
      Set<String> declared = new TreeSet<>(MergeRules.fields(type).keySet());
      for (RecordComponent c : type.bodyClass().getRecordComponents()) {
        declared.add(c.getName());
      }
      Set<String> labelled = FieldLabels.shapes(type).stream().map(FieldShape::name)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(declared, labelled, "fields of " + type.wireName() + " and their labels");
      for (FieldShape s : FieldLabels.shapes(type)) {
        assertFalse(s.label().isBlank(), s.name());
        assertNotEquals(s.name(), s.label(), "a label is words, not the property name");
        assertEquals(s.label(), FieldLabels.label(type, s.name()).orElseThrow());
      }
      assertNotNull(FieldLabels.typeLabel(type), type.wireName());
    }
  }

  @Test
  void everyCodeOfEveryFieldHasWordsAndNoneAreInvented() {
    for (RecordType type : RecordType.values()) {
      for (RecordComponent c : type.bodyClass().getRecordComponents()) {
        Class<?> k = element(c.getGenericType());
        FieldShape s = shape(type, c.getName());
        if (k.isEnum()) {
          assertEquals("code", s.format(), c.getName());
          assertEquals(wireCodes(k), s.codes().keySet(),
              "codes of " + type.wireName() + "." + c.getName());
          s.codes().values().forEach(w -> assertFalse(w.isBlank()));
        } else {
          assertTrue(s.codes().isEmpty(), c.getName());
        }
      }
    }
  }

  @Test
  void everyMemberOfAnObjectFieldHasALabel() {
    List<String> missing = new ArrayList<>();
    for (RecordType type : RecordType.values()) {
      for (FieldShape s : FieldLabels.shapes(type)) {
        for (FieldShape m : s.members()) {
          if (m.label().equals(m.name())) {
            missing.add(type.wireName() + "." + s.name() + "." + m.name());
          }
        }
        assertEquals("object".equals(s.format()), !s.members().isEmpty(), s.name());
      }
    }
    assertEquals(List.of(), missing, "members without a label");
  }

  @Test
  void valuesReadAsTheirJavaTypesSay() {
    assertEquals("date", shape(RecordType.VISIT, "nextVisitDate").format());
    assertEquals("time", shape(RecordType.VISIT, "startTime").format());
    assertEquals("minutes", shape(RecordType.VISIT, "durationMinutes").format());
    assertEquals("pence", shape(RecordType.FNSP_REQUEST, "amountPence").format());
    assertEquals("instant", shape(RecordType.FNSP_REQUEST, "decidedAt").format());
    assertEquals("user", shape(RecordType.SUPERVISION_NOTE, "ledBy").format());
    FieldShape seen = shape(RecordType.VISIT, "childrenSeen");
    assertTrue(seen.list());
    assertEquals("object", seen.format());
    assertEquals(List.of("Child", "Seen", "Seen alone"),
        seen.members().stream().map(FieldShape::label).toList());
    assertEquals("yes-no", seen.members().get(2).format());
    FieldShape others = shape(RecordType.VISIT, "othersPresent");
    assertTrue(others.list());
    assertEquals("text", others.format());
    assertEquals("Family network meeting",
        shape(RecordType.FAMILY_MEETING, "kind").codes().get("fnm"));
    assertEquals("Next visit date", FieldLabels.label(RecordType.VISIT, "nextVisitDate")
        .orElseThrow());
  }

  @Test
  void structuralSealedAndServerOwnedFieldsAreNotEditableInAResolution() {
    for (FieldShape e : FieldLabels.envelope()) {
      assertFalse(RecordGate.editableInResolution(RecordType.VISIT, e.name()), e.name());
    }
    assertTrue(RecordGate.editableInResolution(RecordType.VISIT, "nextVisitDate"));
    assertFalse(RecordGate.editableInResolution(RecordType.CHILD_VOICE_OBSERVATION,
        "childWords"));
    assertFalse(RecordGate.editableInResolution(RecordType.FNSP_REQUEST, "decidedBy"));
  }

  private static FieldShape shape(RecordType type, String name) {
    return FieldLabels.shapes(type).stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no shape for " + name));
  }

  private static Class<?> element(Type t) {
    if (t instanceof ParameterizedType p) {
      t = p.getActualTypeArguments()[0];
    }
    return t instanceof Class<?> c ? c : Object.class;
  }

  /** An enum's wire codes, leaving out the stand-in for codes from a newer peer. */
  private static Set<String> wireCodes(Class<?> enumType) {
    Set<String> out = new LinkedHashSet<>();
    for (Field f : enumType.getFields()) {
      if (f.isEnumConstant() && f.getAnnotation(JsonEnumDefaultValue.class) == null) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        out.add(p != null ? p.value() : f.getName());
      }
    }
    return out;
  }
}
