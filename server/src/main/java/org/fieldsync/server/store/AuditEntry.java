package org.fieldsync.server.store;

/**
 * One stored entry of the audit trail.
 *
 * @param seq position in the chain, from 1, without gaps
 * @param at when (epoch ms)
 * @param actor user id, null when nobody was signed in
 * @param roles the actor's roles, comma-separated
 * @param device device id, when known
 * @param action what happened, a stable dotted name
 * @param target what it was about (record, conflict, case, route)
 * @param detail a small JSON object; never record content or secrets
 * @param prevHash the previous entry's hash (64 zeros for the first)
 * @param hash SHA-256 over {@code prevHash} and this entry's fields
 */
public record AuditEntry(long seq, long at, String actor, String roles, String device,
    String action, String target, String detail, String prevHash, String hash) {}
