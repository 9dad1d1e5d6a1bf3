package org.fieldsync.client;

/**
 * Where a local record stands with the server. Shown to the worker, so every state except {@link
 * #SYNCED} has a reason the app can display.
 */
public enum SyncState {
  /** Saved locally; not yet acknowledged by the server. */
  PENDING,
  /** The server has exactly this revision. */
  SYNCED,
  /**
   * The server refused the last change (validation or permission). The worker's text is kept here
   * with the reason; saving a corrected version sends it again.
   */
  NEEDS_ATTENTION,
  /** Two people changed the record at once; a sync admin is reviewing. Nothing was discarded. */
  UNDER_REVIEW
}
