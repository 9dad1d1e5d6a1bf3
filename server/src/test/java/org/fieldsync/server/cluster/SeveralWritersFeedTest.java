package org.fieldsync.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.fieldsync.server.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed with several writers (decision 0030): three server nodes on one PostgreSQL
 * take pushes at the same time while three tablets page through the feed, each through another
 * node than the one it writes to. Every record any node accepted reaches every puller exactly
 * once: none is skipped (a change that committed late with a lower sequence number), none is
 * repeated; and the audit chain all three nodes appended to is one unbroken line (two writers
 * on one head would fork it, or fail on its primary key).
 */
class SeveralWritersFeedTest {
  private static final int BATCHES = 12;
  private static final int PER_BATCH = 25;
  private static final int SIGN_INS = 10;

  @TempDir Path tmp;

  @Test
  void threeNodesPushingWhileThreeTabletsPullSeeEveryChangeExactlyOnce() throws Exception {
    String db = TestStores.scratch();
    ServerConfig base = ServerConfig.builder().store("postgresql")
        .jdbcUrl(TestStores.HOST_URL + db).dbUser("postgres").dbPassword("")
        .secretsDir(tmp.resolve("secrets")).maxBatch(PER_BATCH).build();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (TestServer a = TestServer.start(tmp.resolve("a"), base);
        TestServer b = TestServer.start(tmp.resolve("b"), base);
        TestServer c = TestServer.start(tmp.resolve("c"), base)) {
      List<TestServer> nodes = List.of(a, b, c);
      List<String> writers = List.of("fw.alice", "fw.bea", "sw.dan");
      List<String> readers = List.of("tm.erin", "sm.jude", "fw.alice");
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<?>> pushes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TestServer node = nodes.get(i);
        String user = writers.get(i);
        TestDevice device = TestDevice.enrol(node.store(), node.port(), user, "w-" + i);
        String author = node.store().read(tx -> tx.directory().userByUsername(user)
            .orElseThrow().id());
        pushes.add(pool.submit(() -> {
          Api api = new Api(node.port());
          for (int n = 0; n < BATCHES; n++) {
            List<Revision> batch = new ArrayList<>();
            for (int k = 0; k < PER_BATCH; k++) {
              batch.add(Revs.newVisit("case-0001", List.of("child-0001"), author,
                  device.deviceId(), 1_000 + n * PER_BATCH + k, "Visit " + n + "/" + k));
            }
            for (JsonNode o : api.push(device, batch).get("outcomes")) {
              assertEquals("accepted", o.get("outcome").asText(), o.toString());
              accepted.add(o.get("id").asText());
            }
          }
          return null;
        }));
      }
      // Meanwhile sign-ins on every node: audit entries written outside any push, so only the
      // one writer lock keeps them from racing the pushes for the chain's head.
      for (int i = 0; i < 3; i++) {
        Api api = new Api(nodes.get(i).port());
        pushes.add(pool.submit(() -> {
          for (int n = 0; n < SIGN_INS; n++) {
            api.token("au.iris");
          }
          return null;
        }));
      }
      List<Future<Map<String, Integer>>> pulls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TestServer node = nodes.get((i + 1) % 3);
        TestDevice device = TestDevice.enrol(node.store(), node.port(), readers.get(i),
            "r-" + i);
        pulls.add(pool.submit(() -> pullUntilDone(new Api(node.port()), device, writing)));
      }
      for (Future<?> p : pushes) {
        p.get(3, TimeUnit.MINUTES);
      }
      writing.set(false);
      assertEquals(3 * BATCHES * PER_BATCH, accepted.size());
      for (Future<Map<String, Integer>> p : pulls) {
        Map<String, Integer> seen = p.get(3, TimeUnit.MINUTES);
        assertEquals(accepted, seen.keySet(), "every accepted record, none skipped");
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "none seen twice");
      }
      // Every push and sign-in appended to the one audit chain from three nodes: all of them are
      // there, and it is still one unbroken line.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (signIns(a) < 3 * SIGN_INS) {
        assertTrue(System.nanoTime() < deadline, "sign-ins audited: " + signIns(a));
        // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      AuditChain.Verification chain = AuditService.verify(a.store());
      assertTrue(chain.ok(), chain.reason());
      assertTrue(chain.verified() >= 3 * BATCHES * PER_BATCH, "every pushed item audited");
    } finally {
      pool.shutdownNow();
      TestStores.drop(db);
    }
  }

  private static long signIns(TestServer node) {
    return node.store().read(tx -> tx.audit().entries(0, 100_000)).stream()
        .filter(e -> "login.ok".equals(e.action()) && "au.iris".equals(e.target())).count();
  }

  /** Pages through the feed while the writers write, then to the end; times each record seen. */
  private static Map<String, Integer> pullUntilDone(Api api, TestDevice device,
      AtomicBoolean writing) {
    String token = device.login();
    Map<String, Integer> seen = new HashMap<>();
    String since = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      boolean last = !writing.get(); // read before the page: the page then sees every write
      RawHttp.Response r = api.send("GET", "/api/v1/sync/changes?limit=37"
          + (since == null ? "" : "&since=" + since), token, null);
      assertEquals(200, r.status(), r.body());
      JsonNode page = Api.json(r);
      for (JsonNode ch : page.get("changes")) {
        if ("record".equals(ch.get("kind").asText())
            && "case-0001".equals(ch.get("revision").get("caseId").asText())
            && ch.get("revision").get("deviceId").asText().startsWith("w-")) {
          seen.merge(ch.get("revision").get("id").asText(), 1, Integer::sum);
        }
      }
      since = page.get("checkpoint").asText();
      if (last && !page.get("hasMore").asBoolean()) {
        return seen;
      }
    }
    throw new AssertionError("the feed did not come to its end in time");
  }
}
