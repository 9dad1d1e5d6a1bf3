package org.fieldsync.server.store;

/**
 * Which conflicts to list; a null member does not filter.
 *
 * @param status open or resolved
 * @param locality the case's locality
 * @param teamId the case's team
 * @param type record type wire name
 * @param openedBefore only conflicts opened at or before this time (epoch ms)
 */
public record ConflictFilter(String status, String locality, String teamId, String type,
    Long openedBefore) {}
