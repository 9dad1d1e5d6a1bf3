package org.fieldsync.client.internal.store;

import com.couchbase.lite.Database;
import com.couchbase.lite.LogDomain;
import com.couchbase.lite.LogLevel;
import com.couchbase.lite.Logger;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Couchbase Lite's log, routed through the SDK's logger ({@link System.Logger}, named {@code
 * com.couchbase.lite}, so an app sees it wherever it sends its own logs: java.util.logging by
 * default, SLF4J or Log4j through their System.Logger bridges) at the level the app chose, and
 * never on stdout. Couchbase Lite's console logger is turned off; its one line printed during
 * initialisation ("CBL-ANDROID Initialized…", written before any logger can be set) is caught on
 * the initialising thread only and forwarded too.
 *
 * <p>Couchbase Lite has one log per process, so the level is per process: the last FieldSync
 * built sets it. ERROR by default: at WARNING, Couchbase Lite 3.0 reports "End of query
 * enumeration" for every query.
 */
public final class StoreLogs {
  static final System.Logger CBL = System.getLogger("com.couchbase.lite");
  /** The app's level; what Couchbase Lite logs below it is dropped. */
  private static volatile LogLevel threshold = LogLevel.ERROR;

  private StoreLogs() {}

  /** Loads Couchbase Lite if needed and sends its log, at {@code level} and above, to the SDK's. */
  public static void route(Level level) {
    threshold = toCbl(level);
    NativeLibraries.ensureLoaded();
    Database.log.getConsole().setLevel(LogLevel.NONE);
    // Couchbase Lite's Logger is the one imported here; the JDK's is System.Logger.
    Database.log.setCustom(new Logger() {
      @Override
      public LogLevel getLevel() {
        return threshold;
      }

      @Override
      public void log(LogLevel l, LogDomain domain, String message) {
        // Couchbase Lite hands a custom logger every level; the threshold is ours to apply.
        if (l.ordinal() >= threshold.ordinal() && threshold != LogLevel.NONE) {
          CBL.log(toSystem(l), "[" + domain + "] " + message);
        }
      }
    });
  }

  static LogLevel toCbl(Level level) {
    return switch (level) {
      case ALL, TRACE -> LogLevel.VERBOSE;
      case DEBUG -> LogLevel.DEBUG;
      case INFO -> LogLevel.INFO;
      case WARNING -> LogLevel.WARNING;
      case ERROR -> LogLevel.ERROR;
      case OFF -> LogLevel.NONE;
    };
  }

  static Level toSystem(LogLevel level) {
    return switch (level) {
      case DEBUG -> Level.DEBUG;
      case VERBOSE -> Level.TRACE;
      case INFO -> Level.INFO;
      case WARNING -> Level.WARNING;
      case ERROR -> Level.ERROR;
      case NONE -> Level.OFF;
    };
  }

  /**
   * Runs {@code work} with what the current thread prints on stdout sent to the Couchbase Lite
   * logger at INFO, line by line; other threads print as before.
   */
  static void capturingStdout(Runnable work) {
    PrintStream original = System.out;
    Thread me = Thread.currentThread();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    OutputStream router = new OutputStream() {
      @Override
      public void write(int b) {
        if (Thread.currentThread() != me) {
          original.write(b);
        } else if (b == '\n') {
          info(line.toString(StandardCharsets.UTF_8).stripTrailing());
          line.reset();
        } else {
          line.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (Thread.currentThread() != me) {
          original.write(b, off, len);
          return;
        }
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }

      @Override
      public void flush() {
        original.flush();
      }
    };
    System.setOut(new PrintStream(router, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setOut(original);
      if (line.size() > 0) {
        info(line.toString(StandardCharsets.UTF_8));
      }
    }
  }

  /** A line Couchbase Lite printed, at INFO, if the app's level lets INFO through. */
  private static void info(String text) {
    if (LogLevel.INFO.ordinal() >= threshold.ordinal() && threshold != LogLevel.NONE) {
      CBL.log(Level.INFO, text);
    }
  }
}
