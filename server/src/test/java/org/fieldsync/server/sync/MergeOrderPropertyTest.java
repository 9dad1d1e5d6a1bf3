package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;

/**
 * Three devices edit one visit from the same parent, offline; the server receives their edits in
 * every possible order. Whatever the order, the record ends the same: the same merged body (notes
 * appended in the order the workers wrote them), or a conflict on the same fields.
 */
class MergeOrderPropertyTest {
  private static final long T = 1_796_000_000_000L;
  private static TestServer server;
  private static Api api;
  private static List<TestDevice> devices;

  @BeforeContainer
  static void start() throws Exception {
    server = TestServer.start(Files.createTempDirectory("merge-order"));
    api = new Api(server.port());
    devices = List.of(
        TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet"),
        TestDevice.enrol(server.store(), server.port(), "fw.bea", "bea-tablet"),
        TestDevice.enrol(server.store(), server.port(), "sw.dan", "dan-tablet"));
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  /** One device's offline edit of the shared parent. */
  record Edit(Integer duration, String appended, String present, int minutesBefore) {}

  @Example
  void notesAppendedOfflineEndInTheOrderTheyWereWrittenWhateverOrderTheyArrive() {
    List<Edit> edits = List.of(new Edit(45, null, null, 10), new Edit(null, "Bea wrote first.",
        null, 120), new Edit(null, "Dan wrote second.", null, 60));
    for (JsonNode end : endings(edits)) {
      assertEquals("Home visit.\nBea wrote first.\nDan wrote second.",
          end.get("body").get("notes").asText());
      assertEquals(45, end.get("body").get("durationMinutes").asInt());
    }
  }

  @Property(tries = 20, seed = "20261202")
  void theRecordEndsTheSameInEveryArrivalOrder(@ForAll("edits") List<Edit> edits) {
    List<JsonNode> ends = endings(edits);
    for (JsonNode end : ends) {
      assertEquals(ends.get(0), end, "edits " + edits);
    }
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Edit> edit = Combinators.combine(
        Arbitraries.of(45, 60, 90).injectNull(0.5),
        Arbitraries.of("Mum tired.", "Dog calm.", "School called.").injectNull(0.3),
        Arbitraries.of("Nan", "Uncle Ron", "Health visitor").injectNull(0.5),
        Arbitraries.integers().between(1, 300)).as(Edit::new);
    // Two devices making the very same edit to the same parent make the same revision (the rev
    // is content-addressed): it is stored once, with the clock of the first to arrive. So the
    // three edits here differ, as three workers' words do.
    return edit.list().ofSize(3).filter(l -> l.stream().map(e -> Arrays.asList(
        e.duration(), e.appended(), e.present())).distinct().count() == 3);
  }

  /** For each of the six arrival orders, on a fresh record: how it ended. */
  private static List<JsonNode> endings(List<Edit> edits) {
    List<JsonNode> out = new ArrayList<>();
    for (int[] order : new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1},
        {2, 1, 0}}) {
      Revision base = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
          "alice-tablet", T - 86_400_000L, "Home visit.");
      api.push(devices.get(0), base);
      List<Revision> revs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        revs.add(edit(base, edits.get(i), i));
      }
      for (int i : order) {
        api.push(devices.get(i), revs.get(i));
      }
      out.add(ending(base.id()));
    }
    return out;
  }

  private static Revision edit(Revision base, Edit e, int who) {
    ObjectNode body = (ObjectNode) ProtocolCodec.readTree(base.body());
    if (e.duration() != null) {
      body.put("durationMinutes", e.duration());
    }
    if (e.appended() != null) {
      body.put("notes", body.get("notes").asText() + "\n" + e.appended());
    }
    if (e.present() != null) {
      ((ArrayNode) body.withArray("othersPresent")).add(e.present());
    }
    String author = List.of("u-alice", "u-bea", "u-dan").get(who);
    String device = devices.get(who).deviceId();
    return Revisions.next(base.id(), RecordType.VISIT, base.caseId(), base.childIds(),
        base.rev(), false, 1, author, device, new Hlc(T - e.minutesBefore() * 60_000L, 0, device),
        CanonicalJson.canonicalize(body));
  }

  /** The record's status, and its body when current or its conflicting fields when not. */
  private static JsonNode ending(String id) {
    JsonNode h = api.get("fw.alice", "/api/v1/records/" + id + "/history");
    ObjectNode end = ProtocolCodec.readTree("{}").deepCopy();
    end.put("status", h.get("status").asText());
    if (h.get("status").asText().equals("current")) {
      for (JsonNode r : h.get("revisions")) {
        if (r.get("rev").asText().equals(h.get("currentRev").asText())) {
          end.set("body", r.get("body"));
        }
      }
    } else {
      for (JsonNode c : api.get("admin.gus", "/api/v1/admin/conflicts?status=open")
          .get("conflicts")) {
        if (c.get("recordId").asText().equals(id)) {
          end.set("fields", c.get("fields"));
        }
      }
    }
    return end;
  }
}
