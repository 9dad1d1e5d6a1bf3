package org.fieldsync.protocol.merge;

/**
 * A field's merge rule, and for a {@link FieldRule#SET} of objects the member that identifies an
 * item (two different items with the same key cannot both stand: that is a conflict).
 *
 * @param name JSON field name in the body
 * @param rule the rule
 * @param key for sets of objects, the identifying member; null when the whole item is its identity
 */
public record FieldSpec(String name, FieldRule rule, String key) {
  static FieldSpec of(String name, FieldRule rule) {
    return new FieldSpec(name, rule, null);
  }
}
