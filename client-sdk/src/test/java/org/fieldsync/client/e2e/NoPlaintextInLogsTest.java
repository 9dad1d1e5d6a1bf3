package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fieldsync.client.FieldSync;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/**
 * What a worker writes never reaches a log: the server's logs, the SDK's, Couchbase Lite's and
 * anything else printed, through saves, sync, a refusal, a conflict, its resolution and a server
 * failure, at the most verbose level the SDK logs at.
 */
class NoPlaintextInLogsTest extends ServerBackedTest {

  @Test
  void recordTextNeverAppearsInAnyLogOrTheAuditTrail() throws Exception {
    String marker = "Marker-" + UUID.randomUUID();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    StringBuilder jul = new StringBuilder();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (jul) {
          jul.append(r.getMessage()).append(' ').append(Arrays.toString(
              r.getParameters())).append(' ').append(r.getThrown()).append('\n');
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    root.addHandler(handler);
    root.setLevel(Level.ALL);
    System.setOut(new PrintStream(tee(out, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err, captured), true, StandardCharsets.UTF_8));
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      Visit v = Fixtures.visit(KIDS, "Notes " + marker);
      String id = alice.visits().create(CASE, KIDS, v).id();
      alice.childVoice().create(CASE, List.of("child-0001"), new ChildVoiceObservation(
          "child-0001", LocalDate.of(2026, 11, 20), "Words " + marker, "Seen " + marker,
          ChildVoiceObservation.Method.CONVERSATION, false, null, null, false,
          ChildVoiceObservation.Status.SUBMITTED, List.of(), List.of()));
      // Refused: a child who is not in the case.
      alice.visits().create(CASE, List.of("child-0004"),
          Fixtures.visit(List.of("child-0004"), "Refused " + marker));
      alice.syncNow();
      bea.syncNow();
      alice.visits().update(id, Fixtures.withNotes(Fixtures.withMode(v, Visit.Mode.SCHOOL),
          "Alice " + marker));
      bea.visits().update(id, Fixtures.withNotes(Fixtures.withMode(v, Visit.Mode.PHONE),
          "Bea " + marker));
      alice.syncNow();
      bea.syncNow();
      String admin = raw.token("admin.gus");
      String cid = ProtocolCodecs.field(raw.send("GET", "api/v1/admin/conflicts", admin, null)
          .body(), "conflicts", 0, "id");
      raw.send("GET", "api/v1/admin/conflicts/" + cid, admin, null);
      raw.send("POST", "api/v1/admin/conflicts/" + cid + "/resolve", admin,
          "{\"reason\":\"checked\",\"choices\":{\"mode\":{\"value\":\"video\"},\"notes\":"
              + "{\"value\":\"Resolved " + marker + "\"}}}");
      alice.syncNow();
      server.stop(); // a failing sync logs its error
      alice.visits().update(id, Fixtures.withNotes(v, "Offline " + marker));
      try {
        alice.syncNow();
      } catch (RuntimeException expected) {
        // the server is down
      }
      server.start();
      alice.syncNow();
      assertTrue(alice.visits().get(id).orElseThrow().body().notes().contains(marker),
          "the text did travel");
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.removeHandler(handler);
      root.setLevel(level);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("push request="), "the server's logs were captured");
    assertFalse(printed.contains(marker), "record text in printed logs");
    synchronized (jul) {
      assertFalse(jul.toString().contains(marker), "record text in the SDK's logs");
    }
    String audit = server.store().read(tx -> tx.auditEntries(0, 10_000).toString());
    assertFalse(audit.contains(marker), "record text in the audit trail");
  }

  private static OutputStream tee(OutputStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public void write(int c) throws IOException {
        a.write(c);
        synchronized (b) {
          b.write(c);
        }
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        a.write(buf, off, len);
        synchronized (b) {
          b.write(buf, off, len);
        }
      }
    };
  }

  /** Reads one string out of a JSON answer. */
  private static final class ProtocolCodecs {
    static String field(String json, String array, int index, String name) {
      return ProtocolCodec.readTree(json).get(array).get(index).get(name)
          .asText();
    }
  }
}
