package org.fieldsync.server.store;

import java.util.List;

/**
 * One page of an integrity scan of stored rows, in key order ({@code verify-store}).
 *
 * @param scanned how many rows the page read; fewer than asked for means the scan is done
 * @param damaged the rows whose content does not hash to their digest, named (never shown)
 * @param lastKey the first part of the last row's key, to scan on from; null when none
 * @param lastKey2 the second part of the last row's key
 */
public record ScanPage(int scanned, List<String> damaged, String lastKey, String lastKey2) {
  public ScanPage {
    damaged = List.copyOf(damaged);
  }
}
