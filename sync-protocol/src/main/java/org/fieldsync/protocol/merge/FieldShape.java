package org.fieldsync.protocol.merge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a person reads one field: its label, how its value is written out, its codes in words and,
 * for a field of objects, the same for each member. Made by {@link FieldLabels} from the label
 * table and the record's Java types, so a screen never shows a property name, a code or raw JSON.
 *
 * @param name the field's name in the body (or an envelope pseudo-field such as {@code _caseId})
 * @param label what the field is called, for example "Next visit date"
 * @param format how one value reads: {@code text}, {@code date} (ISO date), {@code time},
 *     {@code instant}, {@code number}, {@code minutes}, {@code pence}, {@code yes-no},
 *     {@code code} (see {@code codes}), {@code user} (a user id), {@code case} or {@code object}
 *     (see {@code members})
 * @param list whether the value is a list of such values
 * @param codes for {@code code}: each code in words, for example {@code fnm} to "Family network
 *     meeting"
 * @param members for {@code object}: its members, in order
 */
public record FieldShape(String name, String label, String format, boolean list,
    Map<String, String> codes, List<FieldShape> members) {

  public FieldShape {
    // In the table's order, which is the order an editor offers them in.
    codes = codes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(codes));
    members = members == null ? List.of() : List.copyOf(members);
  }
}
