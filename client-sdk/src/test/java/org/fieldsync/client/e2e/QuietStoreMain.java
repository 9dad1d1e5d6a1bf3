package org.fieldsync.client.e2e;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;

/**
 * A fresh JVM for the stdout test: opens a FieldSync (Couchbase Lite initialises here for the
 * first time) with the store log level in {@code args[1]}, and reports on stderr how many of
 * Couchbase Lite's log lines reached the SDK's logger, and the first of them.
 */
public final class QuietStoreMain {
  private QuietStoreMain() {}

  public static void main(String[] args) {
    AtomicInteger count = new AtomicInteger();
    StringBuilder first = new StringBuilder();
    Logger cbl = Logger.getLogger("com.couchbase.lite");
    cbl.setLevel(Level.ALL); // the SDK level decides what arrives
    cbl.setUseParentHandlers(false);
    cbl.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (count.getAndIncrement() == 0) {
          first.append(r.getMessage());
        }
      }

      @Override
      public void flush() {
        // Nothing buffered.
      }

      @Override
      public void close() {
        // Nothing held.
      }
    });
    try (FieldSync fs = FieldSync.builder().serverUrl("http://127.0.0.1:9/")
        .dataDir(Path.of(args[0])).credentials(() -> new Credentials("fw.alice", "x"))
        .storeLogLevel(System.Logger.Level.valueOf(args[1])).build()) {
      fs.status();
    }
    System.err.println("routed=" + count.get() + " first=" + first);
    // Couchbase Lite keeps a non-daemon pool thread alive: a command-line program exits.
    System.exit(0);
  }
}
