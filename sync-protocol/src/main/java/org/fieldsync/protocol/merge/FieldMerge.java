package org.fieldsync.protocol.merge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one field came out of a merge.
 *
 * @param name field name; envelope fields are {@value Merge#CASE_ID}, {@value Merge#CHILD_IDS} and
 *     {@value Merge#DELETED}
 * @param rule the rule applied
 * @param conflicting whether the sides' changes cannot be merged safely
 * @param merged the merged value (JSON null when absent); for a conflicting field, null
 * @param reason for a conflicting field, why, in words an admin can read
 */
public record FieldMerge(
    String name, FieldRule rule, boolean conflicting, JsonNode merged, String reason) {}
