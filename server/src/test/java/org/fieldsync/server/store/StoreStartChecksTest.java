package org.fieldsync.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.StoreDamage;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server does not start silently on a damaged store: a database that fails SQLite's
 * {@code quick_check} is refused with a message that says what to do, and a write-ahead log cut
 * short (committed changes in it may be lost) is logged as an error, with a copy kept as evidence
 * before SQLite recovers from it.
 */
class StoreStartChecksTest {
  @TempDir Path tmp;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopListening() {
    root.detachAppender(logs);
  }

  /** A data folder with demo data and a few pushed visits, its server stopped. */
  private static void seed(TestServer server, int visits) {
    TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "seed-tab");
    Api api = new Api(server.port());
    for (int i = 0; i < visits; i++) {
      Revision v = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", i + 1,
          "Visit " + i + ": seen at home.");
      assertEquals("accepted", api.push(alice, v).get("outcome").asText());
    }
  }

  /**
   * A copy of a store with {@code visits} pushed, taken the way a careless backup takes one: the
   * database and its write-ahead log, copied while the server runs.
   */
  private Path copyOfARunningStore(int visits) throws Exception {
    Path data = tmp.resolve("data");
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    try (TestServer server = TestServer.start(data)) {
      seed(server, visits);
      Files.copy(data.resolve("fieldsync.db"), copy.resolve("fieldsync.db"));
      Files.copy(data.resolve("fieldsync.db-wal"), copy.resolve("fieldsync.db-wal"));
    }
    return copy;
  }

  @Test
  void aDatabaseThatFailsQuickCheckIsNotServed() throws Exception {
    Path data = tmp.resolve("data");
    try (TestServer server = TestServer.start(data)) {
      seed(server, 3);
      server.stop();
      StoreDamage.breakRevisionsPage(data);
      IllegalStateException refused = assertThrows(IllegalStateException.class, server::start);
      String why = messages(refused);
      assertTrue(why.contains("quick_check") && why.contains("does not start on a damaged store")
          && why.contains("verify-store"), why);
    }
  }

  @Test
  void aWriteAheadLogCutShortIsAnErrorWithACopyKept() throws Exception {
    Path copy = copyOfARunningStore(5);
    Path wal = copy.resolve("fieldsync.db-wal");
    long size = Files.size(wal);
    assertTrue(size > 4_096, "the log holds frames: " + size);
    try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
      f.setLength(size - 100);
    }
    logs.list.clear();
    try (TestServer restored = TestServer.start(copy)) {
      assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
          && e.getFormattedMessage().contains("cut short")
          && e.getFormattedMessage().contains("verify-store")), "an error says so");
      try (Stream<Path> files = Files.list(copy)) {
        List<Path> kept = files.filter(p -> p.getFileName().toString().endsWith(".damaged"))
            .toList();
        assertEquals(1, kept.size(), "a copy of the log is kept");
        assertEquals(size - 100, Files.size(kept.get(0)));
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(kept.get(0))));
      }
    }
  }

  @Test
  void aWholeWriteAheadLogIsNoError() throws Exception {
    Path copy = copyOfARunningStore(2);
    logs.list.clear();
    try (TestServer restored = TestServer.start(copy)) {
      assertFalse(logs.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR),
          "a copy of whole files is sound");
    }
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" / ");
    }
    return b.toString();
  }
}
