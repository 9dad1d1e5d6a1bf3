package org.fieldsync.protocol.validation;

/**
 * One thing wrong with one field of a record.
 *
 * @param field dotted path within the record, e.g. {@code childrenSeen.0.seenAlone} or {@code
 *     caseId}
 * @param code stable code, {@code <type>.<field>.<problem>}, e.g. {@code
 *     visit.childrenSeen.required}
 * @param message for people
 */
public record FieldError(String field, String code, String message) {}
