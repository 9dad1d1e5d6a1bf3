package org.fieldsync.client;

/**
 * Receives sync status snapshots. Must be fast and must not throw; a listener that throws is
 * logged and kept. Called on the executor given when it was added, or on the SDK's own listener
 * thread, in order.
 */
@FunctionalInterface
public interface SyncStatusListener {
  /** A new status snapshot (also offline: saves change the pending count). */
  void onStatus(SyncStatus status);
}
