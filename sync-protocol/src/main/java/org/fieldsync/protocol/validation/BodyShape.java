package org.fieldsync.protocol.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.fieldsync.protocol.ErrorCodes;

/**
 * The JSON shape of a record body, checked against its record class before any rule runs: each
 * known field has exactly the JSON type the protocol gives it (PROTOCOL.md section 6), so a string
 * or a fraction in a whole-number field, a number where an instant belongs, or a NUL character in
 * any text is refused here rather than coerced, stored as sent and handed to other tablets. An
 * enum value outside its list is {@code <prefix>.<field>.invalid}. Unknown fields are left alone
 * (a newer client's), and null means absent (the rules decide what is required).
 */
final class BodyShape {
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern TIME = Pattern.compile("[0-9]{2}:[0-9]{2}(:[0-9]{2})?");
  private static final Pattern INSTANT = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");
  private static final Map<Class<?>, Set<String>> ENUM_VALUES = new ConcurrentHashMap<>();

  private BodyShape() {}

  /** What is wrong with the shape of {@code body} as a {@code type}; empty when nothing is. */
  static List<FieldError> check(JsonNode body, Class<?> type, String prefix) {
    Errors e = new Errors(prefix);
    if (body == null || !body.isObject()) {
      e.addRaw("body", ErrorCodes.RECORD_BODY_INVALID, "the body must be a JSON object");
    } else {
      object(body, type, "", e);
    }
    return e.list();
  }

  private static void object(JsonNode node, Class<?> type, String path, Errors e) {
    for (RecordComponent c : type.getRecordComponents()) {
      String name = jsonName(type, c);
      JsonNode v = node.get(name);
      if (v != null && !v.isNull()) {
        value(v, c.getGenericType(), path + name, e);
      }
    }
  }

  private static void value(JsonNode v, Type t, String path, Errors e) {
    Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        wrong(e, path, "a whole number (no fraction, exponent or quotes)");
      }
    } else if (raw == Boolean.class || raw == boolean.class) {
      if (!v.isBoolean()) {
        wrong(e, path, "true or false");
      }
    } else if (raw == String.class) {
      text(v, path, e);
    } else if (raw == LocalDate.class) {
      pattern(v, DATE, path, "a date, YYYY-MM-DD", e);
    } else if (raw == LocalTime.class) {
      pattern(v, TIME, path, "a time of day, HH:MM or HH:MM:SS", e);
    } else if (raw == Instant.class) {
      pattern(v, INSTANT, path, "a UTC instant, YYYY-MM-DDTHH:MM:SS[.fff]Z", e);
    } else if (raw.isEnum()) {
      if (text(v, path, e) && !enumValues(raw).contains(v.textValue())) {
        e.add(path, "invalid", path + " must be one of " + enumValues(raw));
      }
    } else if (List.class.isAssignableFrom(raw)) {
      if (!v.isArray()) {
        wrong(e, path, "a list");
        return;
      }
      Type element = ((ParameterizedType) t).getActualTypeArguments()[0];
      int i = 0;
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); i++) {
        JsonNode item = it.next();
        if (item.isNull()) {
          wrong(e, path + "." + i, "a value, not null");
        } else {
          value(item, element, path + "." + i, e);
        }
      }
    } else if (raw.isRecord()) {
      if (!v.isObject()) {
        wrong(e, path, "an object");
      } else {
        object(v, raw, path + ".", e);
      }
    } else {
      text(v, path, e); // a value type the protocol writes as text
    }
  }

  private static boolean text(JsonNode v, String path, Errors e) {
    if (!v.isTextual()) {
      wrong(e, path, "text");
      return false;
    }
    if (v.textValue().indexOf('\0') >= 0) {
      e.addRaw(path, ErrorCodes.RECORD_BODY_INVALID, "field '" + path + "' holds a NUL"
          + " character, which no text may hold");
      return false;
    }
    return true;
  }

  private static void pattern(JsonNode v, Pattern p, String path, String what, Errors e) {
    if (text(v, path, e) && !p.matcher(v.textValue()).matches()) {
      wrong(e, path, what);
    }
  }

  private static void wrong(Errors e, String path, String what) {
    e.addRaw(path, ErrorCodes.RECORD_BODY_INVALID, "field '" + path + "' must be " + what);
  }

  private static String jsonName(Class<?> owner, RecordComponent c) {
    JsonProperty p = c.getAnnotation(JsonProperty.class);
    if (p == null) {
      try {
        p = owner.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException ex) {
        p = null;
      }
    }
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  /**
   * An enum's wire values. "unknown" is among them: it reads as no choice, and the type's rules
   * decide whether a choice is required.
   */
  private static Set<String> enumValues(Class<?> type) {
    return ENUM_VALUES.computeIfAbsent(type, t -> {
      Set<String> values = new LinkedHashSet<>();
      for (Object constant : t.getEnumConstants()) {
        String name = ((Enum<?>) constant).name();
        try {
          Field f = t.getField(name);
          JsonProperty p = f.getAnnotation(JsonProperty.class);
          values.add(p != null ? p.value() : name);
        } catch (NoSuchFieldException ex) {
          throw new IllegalStateException(ex);
        }
      }
      return Collections.unmodifiableSet(values);
    });
  }
}
