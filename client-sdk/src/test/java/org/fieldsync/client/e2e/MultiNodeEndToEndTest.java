package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.LocalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production's shape, for real: three server processes on one PostgreSQL behind HAProxy, and
 * real SDK tablets syncing through the balancer. One node is killed ({@code kill -9}) while a
 * tablet is part-way through pushing its day's work; the tablets go on through the other nodes
 * and every record ends on the server exactly once, and on the colleague's tablet. A push taken
 * by one node pokes a tablet whose WebSocket is held by another (LISTEN/NOTIFY). A node stopped
 * with SIGTERM drains and exits, and the tablet whose socket it held reconnects to the other.
 */
class MultiNodeEndToEndTest {
  private static final String CASE = ServerBackedTest.CASE;
  private static final List<String> KIDS = ServerBackedTest.KIDS;
  private static final int RECORDS = 150;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void tabletsSyncThroughTheBalancerAcrossANodeKilledMidSync() throws Exception {
    try (NodeCluster cluster = NodeCluster.start(tmp.resolve("cluster"), 3);
        FieldSync alice = tablet(cluster.url(), tmp.resolve("alice"), "fw.alice",
            Duration.ofSeconds(5));
        FieldSync bea = tablet(cluster.url(), tmp.resolve("bea"), "fw.bea",
            Duration.ofHours(1))) {
      alice.enrol(Fixtures.enrolmentCode(cluster.url(), "fw.alice"), "Alice's tablet");
      bea.enrol(Fixtures.enrolmentCode(cluster.url(), "fw.bea"), "Bea's tablet");
      bea.startSync();
      Fixtures.await("bea's first sync", Duration.ofSeconds(30),
          () -> bea.status().lastSyncCompleted() != null);
      Fixtures.await("bea's socket on a node", Duration.ofSeconds(30),
          () -> socketNode(cluster) >= 0);
      // The node to kill is one alice's pushes go through but not the one holding bea's socket:
      // a socket that dies young sends the SDK to its idle poll (an hour here, to prove pokes).
      int victim = (socketNode(cluster) + 1) % cluster.size();

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        ids.add(alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Visit " + i)).id());
      }
      // Only alice's records count: the nodes start with the demo dataset's own records.
      String mine = " WHERE record_id IN ('" + String.join("','", ids) + "')";
      alice.startSync();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long stored;
      while ((stored = cluster.count("SELECT COUNT(*) FROM records" + mine)) == 0) {
        assertTrue(System.nanoTime() < deadline, "alice's first batch reached no node");
        // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      cluster.kill(victim);
      assertTrue(stored < RECORDS, "the node died mid-sync: " + stored + " of " + RECORDS);

      Fixtures.await("alice to finish through the other nodes", Duration.ofSeconds(120),
          () -> alice.status().pending() == 0);
      Fixtures.await("bea to hold every record", Duration.ofSeconds(120),
          () -> bea.visits().byCase(CASE).stream().map(LocalRecord::id)
              .filter(new HashSet<>(ids)::contains).count() >= RECORDS);
      assertEquals(RECORDS, cluster.count("SELECT COUNT(*) FROM records" + mine));
      assertEquals(RECORDS, cluster.count("SELECT COUNT(*) FROM revisions" + mine),
          "each record stored exactly once: one revision each, no duplicate");
      List<String> held = bea.visits().byCase(CASE).stream().map(LocalRecord::id)
          .filter(new HashSet<>(ids)::contains).toList();
      assertEquals(RECORDS, held.size(), "bea holds each of alice's records once");
      assertEquals(new HashSet<>(ids), new HashSet<>(held));
      alice.stopSync();

      // A poke across nodes: bea's socket is on one node; a push through another wakes her.
      Fixtures.await("bea's socket alone on a live node", Duration.ofSeconds(30),
          () -> socketNode(cluster) >= 0);
      int held0 = socketNode(cluster);
      long socketSeen = System.nanoTime();
      int other = -1;
      for (int i = 0; i < cluster.size(); i++) {
        if (i != held0 && cluster.alive(i)) {
          other = i;
        }
      }
      try (FieldSync direct = tablet(cluster.nodeUrl(other), tmp.resolve("alice-direct"),
          "fw.alice", Duration.ofHours(1))) {
        direct.enrol(Fixtures.enrolmentCode(cluster.nodeUrl(other), "fw.alice"),
            "Alice's second tablet");
        String id = direct.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Poke across."))
            .id();
        direct.syncNow();
        Fixtures.await("the poke from node " + other + " to reach bea on node " + held0,
            Duration.ofSeconds(20), () -> bea.visits().get(id).isPresent());
      }

      // SIGTERM to the node holding bea's socket: it drains and exits, her socket is closed
      // with "reconnect", and she reconnects through the balancer to the node that is left.
      // (The SDK reconnects at once only from a socket that lived 5 s; a younger one that dies
      // hands over to its idle poll, so a server dropping sockets cannot make it spin.)
      Fixtures.await("bea's socket to have lived 5 s", Duration.ofSeconds(10),
          () -> System.nanoTime() - socketSeen > TimeUnit.MILLISECONDS.toNanos(5_500));
      String log = cluster.terminate(held0);
      assertTrue(log.contains("draining") && log.contains("fieldsync stopped"), log);
      String after = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "After a restart."))
          .id();
      Fixtures.await("alice's sync through the balancer to the node left", Duration.ofSeconds(30),
          () -> {
            try {
              alice.syncNow();
              return true;
            } catch (FieldSyncException e) {
              return false; // the balancer had not yet seen the node go; the SDK retries
            }
          });
      Fixtures.await("bea, reconnected to node " + other + ", to be poked", Duration.ofSeconds(30),
          () -> bea.visits().get(after).isPresent());
      bea.stopSync();
    }
  }

  /** The live node holding exactly one WebSocket (bea's), or -1. */
  private static int socketNode(NodeCluster cluster) {
    int found = -1;
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.alive(i) && cluster.webSockets(i) > 0) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  private static FieldSync tablet(String url, Path dir, String user, Duration idle) {
    return FieldSync.builder().serverUrl(url).dataDir(dir)
        .credentials(() -> new Credentials(user, Fixtures.PASSWORD))
        .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1).pushBatchSize(10)
        .idleInterval(idle).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20)).build();
  }
}
