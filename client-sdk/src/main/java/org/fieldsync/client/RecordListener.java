package org.fieldsync.client;

import java.util.List;

/** Told which records sync merged, resolved, put under review or refused, a batch at a time. */
@FunctionalInterface
public interface RecordListener {
  /** What one sync step did to records; never empty. Must be fast, must not throw. */
  void onRecords(List<RecordEvent> events);
}
