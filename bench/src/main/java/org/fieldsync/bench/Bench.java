package org.fieldsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.RecordListener;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.internal.vault.Aead;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.merge.Merge;
import org.fieldsync.protocol.merge.MergeSide;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.DevCertificate;
import org.fieldsync.server.demo.DemoData;
import org.slf4j.LoggerFactory;

/**
 * The load generator: push, pull and a day's sync against a real server on loopback with the
 * embedded SQLite store, printing a table of medians. Run with {@code java -jar
 * bench/target/fieldsync-bench.jar [rounds]} ({@code export N}: {@link ExportBench}). Figures,
 * not pass/fail: the machine is shared.
 *
 * <p>The server runs in this JVM (one process is simpler to run in CI); it competes with the load
 * generator for the same cores, which the printed header says.
 */
public final class Bench {
  private static final int DEVICES = 100;
  /** The workers' PIN on the simulated tablets (default Argon2id cost, as on a real one). */
  private static final char[] PIN = "2468".toCharArray();
  private static final int PER_DEVICE = 1_000;
  private static final String[][] WORKERS = {
    {"fw.alice", "u-alice", "case-0001", "child-0001"},
    {"fw.bea", "u-bea", "case-0001", "child-0002"},
    {"fw.carl", "u-carl", "case-0003", "child-0004"},
    {"sw.dan", "u-dan", "case-0001", "child-0001"},
    {"fw.hana", "u-hana", "case-0005", "child-0007"},
  };

  /** The Vert.x blocked-thread checker's limit for an event loop in the bench. */
  private static final long BLOCKED_LIMIT_MS = 10;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Results results = new Results();
  private final AtomicLong blockedAtStart = new AtomicLong();
  /** Whether a server is starting: its one-off deployment is counted apart from serving. */
  private volatile boolean starting;
  /** The scenario running, which the checker's firings are counted under. */
  private volatile String scenario = "setup";
  /** Per scenario: firings, of which inside a GC pause, and the longest stall outside one. */
  private final Map<String, long[]> blocked = new LinkedHashMap<>();
  private final GcTimeline gc = new GcTimeline();
  private final Vertx vertx;
  private final Set<String> only;

  private Bench(Set<String> only) {
    this.only = only;
    // The checker looks every 10 ms and fires for an event loop busy 10 ms or more on one task;
    // each firing is counted (the goal is none), not logged into the table. A firing while the
    // JVM was mostly in a GC pause (every thread stopped) is counted apart from one where the
    // event loop itself was busy: the first is the heap's cost, the second the code's.
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(BLOCKED_LIMIT_MS)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(BLOCKED_LIMIT_MS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(e -> {
      if (starting) {
        blockedAtStart.incrementAndGet();
        return;
      }
      long ms = e.duration() / 1_000_000;
      boolean inGc = gc.pausedSince(System.nanoTime() - e.duration()) * 2 >= ms;
      long real;
      synchronized (blocked) {
        long[] c = blocked.computeIfAbsent(scenario, k -> new long[3]);
        c[0]++;
        c[1] += inGc ? 1 : 0;
        if (!inGc) {
          c[2] = Math.max(c[2], ms);
        }
        real = c[0] - c[1];
      }
      if (!inGc && (real <= 5 || real % 100 == 0)) { // where: the first few, then 1 in 100
        StringBuilder at = new StringBuilder();
        StackTraceElement[] st = e.thread().getStackTrace();
        for (int i = 0; i < Math.min(30, st.length); i++) {
          at.append("\n  at ").append(st[i]);
        }
        LoggerFactory.getLogger(Bench.class).warn("{} blocked {} ms in {}:{}",
            e.thread().getName(), ms, scenario, at);
      }
    });
  }

  /**
   * {@code [rounds] [stores] [--out results.json] [--compare previous.json] [--only a,b]}: the
   * table always; its figures as JSON to {@code --out} (default {@code bench-results.json});
   * with {@code --compare}, the ratio of every figure to that earlier run's. {@code --only}
   * runs the named scenarios (push, pull, day, slowlink, sockets, saves, merges,
   * signatures, resolve). The server's
   * logs go to {@code --log} (default {@code bench-server.log}), with where each of the first
   * blocked event loops was.
   */
  public static void main(String[] args) {
    int status = 0;
    try {
      runMain(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1; // and exit: Vert.x's threads would keep a failed bench alive
    }
    System.exit(status);
  }

  private static void runMain(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    List<String> plain = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else {
        plain.add(args[i]);
      }
    }
    // Before any logger exists: the server's log lines go to a file, not into the table.
    System.setProperty("fieldsync.bench.log", opts.getOrDefault("log", "bench-server.log"));
    System.setProperty("logback.configurationFile", "fieldsync-bench-logback.xml");
    if (!plain.isEmpty() && "export".equals(plain.get(0))) {
      new ExportBench().run(plain.size() > 1 ? Integer.parseInt(plain.get(1)) : 1_000);
      return;
    }
    int rounds = plain.isEmpty() ? 3 : Integer.parseInt(plain.get(0));
    if (plain.size() > 1 && "stores".equals(plain.get(1))) {
      new StoreBench().run(); // SQLite, PostgreSQL, PostgreSQL x3 + HAProxy, side by side
    } else {
      Set<String> only = opts.containsKey("only")
          ? Set.of(opts.get("only").split(",")) : Set.of();
      Bench b = new Bench(only);
      b.run(rounds);
      ObjectNode header = ProtocolCodec.mapper().createObjectNode()
          .put("cores", Runtime.getRuntime().availableProcessors())
          .put("java", System.getProperty("java.version")).put("rounds", rounds)
          .put("finishedAt", Instant.now().toString());
      Path out = Path.of(opts.getOrDefault("out", "bench-results.json"));
      b.results.write(out, header);
      System.out.printf("%nFigures written to %s; server log in %s%n", out,
          System.getProperty("fieldsync.bench.log"));
      if (opts.containsKey("compare")) {
        b.results.compare(Path.of(opts.get("compare")));
      }
    }
  }

  private boolean runs(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  private void run(int rounds) throws Exception {
    System.out.printf("FieldSync benchmark: %d cores, Java %s, embedded SQLite, loopback, server"
        + " in-process, %d rounds (medians)%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), rounds);
    warmUp();
    if (runs("push")) {
      scenario = "push";
      List<double[]> push = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        push.add(pushRound());
      }
      push.sort(Comparator.comparingDouble(p -> p[0]));
      double[] med = push.get(push.size() / 2);
      String name = "push: " + DEVICES + " devices x " + PER_DEVICE + " records";
      System.out.printf("%-44s %12s %12s %12s%n", "scenario", "records/s", "p50 ms", "p99 ms");
      System.out.printf("%-44s %12.0f %12.1f %12.1f%n", name, med[0], med[1], med[2]);
      results.add(name, "records/s", med[0], true);
      results.add(name, "p50 ms", med[1], false);
      results.add(name, "p99 ms", med[2], false);
    }
    if (runs("pull")) {
      scenario = "pull";
      pull(rounds);
    }
    if (runs("day")) {
      scenario = "day";
      dayOfWork();
    }
    if (runs("slowlink")) {
      scenario = "slowlink";
      slowLinkDay(rounds);
    }
    if (runs("sockets")) {
      scenario = "sockets";
      sockets();
    }
    if (runs("saves")) {
      scenario = "saves";
      localSaves();
    }
    if (runs("merges")) {
      scenario = "merges";
      merges();
    }
    if (runs("signatures")) {
      scenario = "signatures";
      signatures();
    }
    if (runs("resolve")) {
      scenario = "resolve";
      resolveAndResync(rounds);
    }
    System.out.printf("%n%-44s %12s %12s %12s%n", "event loops (checker at " + BLOCKED_LIMIT_MS
        + " ms), serving", "fired", "in GC pause", "max ms busy");
    long fired = 0;
    long inGc = 0;
    long maxBusy = 0;
    synchronized (blocked) {
      for (Map.Entry<String, long[]> e : blocked.entrySet()) {
        long[] c = e.getValue();
        System.out.printf("%-44s %12d %12d %12d%n", "  " + e.getKey(), c[0], c[1], c[2]);
        fired += c[0];
        inGc += c[1];
        maxBusy = Math.max(maxBusy, c[2]);
      }
    }
    System.out.printf("%-44s %12d %12d %12d%n", "  all", fired, inGc, maxBusy);
    System.out.printf("%-44s %12d%n", "  and while servers started or warmed up",
        blockedAtStart.get());
    String sc = "blocked-thread checker at 10 ms, serving";
    results.add(sc, "times fired", fired, false);
    results.add(sc, "times fired with the event loop busy (not in a GC pause)", fired - inGc,
        false);
    results.add(sc, "longest busy stall ms", maxBusy, false);
  }

  /** Signing a revision on the tablet, and checking it on the server, per revision. */
  private void signatures() throws Exception {
    Ed25519PrivateKeyParameters k =
        new Ed25519PrivateKeyParameters(
            new SecureRandom());
    byte[] pub = k.generatePublicKey().getEncoded();
    List<Revision> revs = visits("u-alice", "bench-s", "case-0001", "child-0001", 2_000);
    double[] sign = new double[5];
    double[] verify = new double[5];
    for (int round = -2; round < 5; round++) {
      List<byte[]> sigs = new ArrayList<>();
      long t0 = System.nanoTime();
      for (Revision r : revs) {
        byte[] p = Revisions.signingBytes(r);
        var s = new Ed25519Signer();
        s.init(true, k);
        s.update(p, 0, p.length);
        sigs.add(s.generateSignature());
      }
      long t1 = System.nanoTime();
      var key = new Ed25519PublicKeyParameters(pub, 0);
      for (int i = 0; i < revs.size(); i++) {
        byte[] p = Revisions.signingBytes(revs.get(i));
        var s = new Ed25519Signer();
        s.init(false, key);
        s.update(p, 0, p.length);
        check(s.verifySignature(sigs.get(i)), "signature verifies");
      }
      long t2 = System.nanoTime();
      if (round >= 0) {
        sign[round] = (t1 - t0) / 1e3 / revs.size();
        verify[round] = (t2 - t1) / 1e3 / revs.size();
      }
    }
    System.out.printf("%n%-44s %12s %12s%n", "scenario", "median us", "per second");
    System.out.printf("%-44s %12.1f %12.0f%n", "sign a revision on the tablet (Ed25519)",
        Stats.median(sign), 1e6 / Stats.median(sign));
    System.out.printf("%-44s %12.1f %12.0f%n", "verify a pushed revision on the server",
        Stats.median(verify), 1e6 / Stats.median(verify));
    // A push signed once: the tree over 2,000 revisions and one check, per revision.
    double[] tree = new double[5];
    for (int round = -2; round < tree.length; round++) {
      long t0 = System.nanoTime();
      byte[] root = PushSignatures.tree("bench-s", revs).toSign();
      var s = new Ed25519Signer();
      s.init(true, k);
      s.update(root, 0, root.length);
      byte[] sig = s.generateSignature();
      var v = new Ed25519Signer();
      v.init(false, new Ed25519PublicKeyParameters(pub, 0));
      byte[] again = PushSignatures.tree("bench-s", revs).toSign();
      v.update(again, 0, again.length);
      check(v.verifySignature(sig), "root signature verifies");
      if (round >= 0) {
        tree[round] = (System.nanoTime() - t0) / 1e3 / revs.size();
      }
    }
    System.out.printf("%-44s %12.1f %12.0f%n", "sign+verify a 2,000 push once (Merkle root)",
        Stats.median(tree), 1e6 / Stats.median(tree));
    results.add("sign+verify a push signed once, per revision", "median us", Stats.median(tree),
        false);
    results.add("sign a revision on the tablet (Ed25519)", "median us", Stats.median(sign),
        false);
    results.add("verify one Ed25519 signature on the server", "median us", Stats.median(verify),
        false);
  }

  /** The pure merge, as the server runs it for every concurrent push: median per merge. */
  private void merges() {
    String base = ProtocolCodec.encodeBody(Fixtures.note(List.of("Erin Tregear",
        "Alice Penrose"), "Progress on routines."));
    String ours = ProtocolCodec.encodeBody(Fixtures.note(List.of("Erin Tregear",
        "Alice Penrose", "Morwenna Quick"), "Progress on routines. School reports better"
        + " attendance."));
    String theirs = ProtocolCodec.encodeBody(Fixtures.note(List.of("Erin Tregear",
        "Alice Penrose", "Jory Vosper"), "Progress on routines.\nDA worker has no concerns."));
    MergeSide b = new MergeSide("1-a", "1", "case-0001", List.of("child-0001"), false, base);
    MergeSide o = new MergeSide("2-a", "2", "case-0001", List.of("child-0001"), false, ours);
    MergeSide t = new MergeSide("2-b", "3", "case-0001", List.of("child-0001"), false, theirs);
    String visitBase = ProtocolCodec.encodeBody(visit(List.of("child-0001"), "Notes."));
    MergeSide vb = new MergeSide("1-v", "1", "case-0001", List.of("child-0001"), false,
        visitBase);
    MergeSide vo = new MergeSide("2-v", "2", "case-0001", List.of("child-0001"), false,
        visitBase.replace("home_visit", "school"));
    MergeSide vt = new MergeSide("2-w", "3", "case-0001", List.of("child-0001"), false,
        visitBase.replace("home_visit", "phone"));
    check(Merge.merge(RecordType.SUPERVISION_NOTE, b, o, t).clean(), "note merges cleanly");
    check(!Merge.merge(RecordType.VISIT, vb, vo, vt).clean(), "visit mode conflicts");
    System.out.printf("%n%-44s %12s %12s%n", "scenario", "median us", "merges/s");
    for (int k = 0; k < 2; k++) {
      boolean note = k == 0;
      double[] perMerge = new double[7];
      for (int round = -3; round < perMerge.length; round++) {
        int n = 5_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          if (note) {
            Merge.merge(RecordType.SUPERVISION_NOTE, b, o, t);
          } else {
            Merge.merge(RecordType.VISIT, vb, vo, vt);
          }
        }
        if (round >= 0) { // the first rounds warm the JIT
          perMerge[round] = (System.nanoTime() - t0) / 1e3 / n;
        }
      }
      double med = Stats.percentile(perMerge, 50);
      String name = note ? "merge: supervision note, clean (set+append)"
          : "merge: visit, scalar conflict";
      System.out.printf("%-44s %12.1f %12.0f%n", name, med, 1e6 / med);
      results.add(name, "median us", med, false);
    }
  }

  /**
   * A sync admin resolves a conflict and two tablets with background sync (WebSocket pokes)
   * receive it: from the resolve request until both devices hold the resolution.
   */
  private void resolveAndResync(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-resolve");
    FieldSyncServer server = start(dir);
    String url = "http://127.0.0.1:" + server.port();
    try (FieldSync alice = device(url, "fw.alice"); FieldSync bea = device(url, "fw.bea")) {
      alice.enrol(BenchDevice.code(server, "fw.alice"), "bench tablet");
      bea.enrol(BenchDevice.code(server, "fw.bea"), "bench tablet");
      int n = Math.max(5, rounds * 5);
      List<String> ids = new ArrayList<>();
      List<String> kids = List.of("child-0001");
      for (int i = 0; i < n; i++) {
        Visit v = visit(kids, "Visit " + i);
        String id = alice.visits().create("case-0001", kids, v).id();
        alice.syncNow();
        bea.syncNow();
        alice.visits().update(id, Fixtures.withMode(v, Visit.Mode.SCHOOL));
        bea.visits().update(id, Fixtures.withMode(v, Visit.Mode.PHONE));
        alice.syncNow();
        check(bea.syncNow().conflicts() == 1, "a conflict");
        alice.syncNow();
        ids.add(id);
      }
      Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
      ids.forEach(id -> arrived.put(id, new CountDownLatch(2)));
      RecordListener count = events -> events.stream()
          .filter(e -> e.kind() == RecordEvent.Kind.RESOLVED)
          .forEach(e -> arrived.get(e.recordId()).countDown());
      alice.addRecordListener(count);
      bea.addRecordListener(count);
      alice.startSync();
      bea.startSync();
      Thread.sleep(500); // both poke sockets open
      String admin = login(url + "/api/v1/", "admin.gus");
      String list = new String(http.send(HttpRequest.newBuilder(URI.create(url
          + "/api/v1/admin/conflicts")).header("Authorization", "Bearer " + admin).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
      JsonNode conflicts = ProtocolCodec.readTree(list).get("conflicts");
      double[] ms = new double[conflicts.size()];
      for (int i = 0; i < conflicts.size(); i++) {
        JsonNode c = conflicts.get(i);
        String body = "{\"reason\":\"Checked with both workers.\",\"choices\":{\"mode\":"
            + "{\"value\":\"phone\"}}}";
        long t0 = System.nanoTime();
        postJson(url + "/api/v1/admin/conflicts/" + c.get("id").asText() + "/resolve", admin,
            body.getBytes(StandardCharsets.UTF_8));
        check(arrived.get(c.get("recordId").asText()).await(30, TimeUnit.SECONDS),
            "both devices received the resolution");
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      System.out.printf("%n%-44s %12s %12s%n", "scenario", "p50 ms", "max ms");
      System.out.printf("%-44s %12.1f %12.1f%n", "resolve 1 conflict, re-sync to 2 devices",
          Stats.percentile(ms, 50), Stats.percentile(ms, 100));
      results.add("resolve 1 conflict, re-sync to 2 devices", "p50 ms",
          Stats.percentile(ms, 50), false);
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  private static FieldSync device(String url, String user) throws Exception {
    return FieldSync.builder().serverUrl(url)
        .dataDir(Files.createTempDirectory("fieldsync-bench-" + user))
        .credentials(() -> new Credentials(user, DemoData.PASSWORD)).pin(PIN).build();
  }

  /** Offline saves into Couchbase Lite: what a worker waits for when tapping "save". */
  private void localSaves() throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-save-server");
    FieldSyncServer server = start(dir);
    Path tablet = Files.createTempDirectory("fieldsync-bench-saves");
    try (FieldSync enrolled = FieldSync.builder().serverUrl("http://127.0.0.1:" + server.port())
        .dataDir(tablet).credentials(() -> new Credentials("fw.alice", DemoData.PASSWORD))
        .pin(PIN).build()) {
      enrolled.enrol(BenchDevice.code(server, "fw.alice"), "bench tablet");
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
    // Offline from here on: every save is validated, encrypted and written to Couchbase Lite.
    try (FieldSync fs = FieldSync.builder().serverUrl("http://127.0.0.1:9/").dataDir(tablet)
        .credentials(() -> new Credentials("fw.alice", DemoData.PASSWORD)).pin(PIN).build()) {
      check(fs.unlocked(), "the PIN unlocks offline");
      List<String> kids = List.of("child-0001", "child-0002");
      for (int i = 0; i < 200; i++) { // warm-up
        fs.visits().create("case-0001", kids, visit(kids, "warm-up " + i));
      }
      double[] ms = new double[1_000];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        fs.visits().create("case-0001", kids, visit(kids, "Offline visit " + i));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      // The encryption inside each save, alone: the body and the outbox entry, sealed.
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String body = ProtocolCodec.encodeBody(visit(kids, "Offline visit 123"));
      String outbox = ProtocolCodec.encodeToString(visits("u-alice", "bench", "case-0001",
          "child-0001", 1).get(0));
      double[] us = new double[5_000];
      for (int i = -1_000; i < us.length; i++) {
        long t0 = System.nanoTime();
        Aead.sealText(key, body, "r|body");
        Aead.sealText(key, outbox, "r|outbox");
        if (i >= 0) {
          us[i] = (System.nanoTime() - t0) / 1e3;
        }
      }
      System.out.printf("%n%-44s %12s %12s%n", "scenario", "p50 ms", "p99 ms");
      System.out.printf("%-44s %12.2f %12.2f%n", "save: visit, offline, encrypted, into CBL",
          Stats.percentile(ms, 50), Stats.percentile(ms, 99));
      System.out.printf("%-44s %12.3f %12.3f%n", "  of which AES-256-GCM (body + outbox)",
          Stats.percentile(us, 50) / 1000, Stats.percentile(us, 99) / 1000);
      results.add("save: visit, offline, encrypted, into CBL", "p50 ms",
          Stats.percentile(ms, 50), false);
      results.add("save: visit, offline, encrypted, into CBL", "p99 ms",
          Stats.percentile(ms, 99), false);
    }
  }

  /** One round on a fresh server: returns {records/s, p50 batch ms, p99 batch ms}. */
  private double[] pushRound() throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-push");
    FieldSyncServer server = start(dir);
    try {
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
      // Every simulated tablet is enrolled and signs its revisions (before the clock starts).
      String[] tokens = new String[DEVICES];
      List<byte[]> bodies = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        String[] w = WORKERS[d % WORKERS.length];
        BenchDevice dev = BenchDevice.enrol(http, server, w[0], "bench-" + d);
        tokens[d] = dev.login(http, base);
        bodies.add(dev.push(visits(w[1], "bench-" + d, w[2], w[3], PER_DEVICE)));
      }
      double[] latency = new double[DEVICES];
      List<CompletableFuture<Void>> all = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int d = 0; d < DEVICES; d++) {
        int dev = d;
        long start = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "sync/push"))
            .header("Authorization", "Bearer " + tokens[d])
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(d))).build();
        all.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenAccept(r -> {
          latency[dev] = (System.nanoTime() - start) / 1e6;
          check(r.statusCode() == 200, "push answered " + r.statusCode());
          PushResponse resp = ProtocolCodec.decode(r.body(), PushResponse.class);
          check(resp.outcomes().stream().allMatch(o -> o.outcome() == Outcome.ACCEPTED),
              "every pushed record is accepted");
        }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new double[] {DEVICES * PER_DEVICE / seconds, Stats.percentile(latency, 50),
          Stats.percentile(latency, 99)};
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  private void pull(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-pull");
    FieldSyncServer server = start(dir);
    try {
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
      BenchDevice aliceTablet = BenchDevice.enrol(http, server, "fw.alice", "bench-a");
      String alice = aliceTablet.login(http, base);
      for (int b = 0; b < 3; b++) {
        postJson(base + "sync/push", alice, aliceTablet.push(
            visits("u-alice", "bench-a", "case-0001", "child-0001", 1_000)));
      }
      String bea = BenchDevice.enrol(http, server, "fw.bea", "bench-b").login(http, base);
      double[] proto = new double[rounds];
      int got = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        got = pullAll(base, bea);
        proto[r] = (System.nanoTime() - t0) / 1e9;
      }
      check(got == 3_000, "a fresh device pulls all 3,000 records, got " + got);
      double[] sdk = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        Path deviceDir = Files.createTempDirectory("fieldsync-bench-device");
        try (FieldSync fs = FieldSync.builder().serverUrl("http://127.0.0.1:" + server.port())
            .dataDir(deviceDir).credentials(() -> new Credentials("fw.bea", DemoData.PASSWORD))
            .pin(PIN)
            .pullPageSize(1000).build()) {
          fs.enrol(BenchDevice.code(server, "fw.bea"), "bench tablet");
          long t0 = System.nanoTime();
          SyncResult res = fs.syncNow();
          sdk[r] = (System.nanoTime() - t0) / 1e9;
          check(fs.visits().byCase("case-0001").size() == 3_000,
              "the SDK stored all 3,000 records, pulled " + res.pulled());
        }
      }
      double p = Stats.median(proto);
      double s = Stats.median(sdk);
      System.out.printf("%n%-44s %12s %12s%n", "scenario", "seconds", "records/s");
      System.out.printf("%-44s %12.2f %12.0f%n", "pull: 3,000 records, protocol level", p,
          3_000 / p);
      System.out.printf("%-44s %12.2f %12.0f%n", "pull: 3,000 records, SDK into Couchbase Lite",
          s, 3_000 / s);
      results.add("pull: 3,000 records, protocol level", "records/s", 3_000 / p, true);
      results.add("pull: 3,000 records, SDK into Couchbase Lite", "seconds", s, false);
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  private void dayOfWork() throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-day");
    FieldSyncServer server = start(dir);
    try (CountingProxy proxy = new CountingProxy(server.port());
        FieldSync fs = FieldSync.builder().serverUrl("http://127.0.0.1:" + proxy.port())
            .dataDir(Files.createTempDirectory("fieldsync-bench-tablet"))
            .credentials(() -> new Credentials("fw.alice", DemoData.PASSWORD)).pin(PIN).build()) {
      fs.enrol(BenchDevice.code(server, "fw.alice"), "bench tablet");
      fs.syncNow(); // signed in and caught up in the morning
      List<String> kids = List.of("child-0001", "child-0002");
      for (int i = 0; i < 30; i++) {
        fs.visits().create("case-0001", kids, visit(kids, "Visit " + i + " of the day: seen"
            + " at home, routines discussed, next steps agreed with the family."));
      }
      proxy.reset();
      SyncResult r = fs.syncNow();
      check(r.accepted() == 30, "all 30 records accepted");
      System.out.printf("%n%-44s %12s %12s %12s%n", "scenario", "round trips", "bytes up",
          "bytes down");
      System.out.printf("%-44s %12d %12d %12d%n", "sync a day's work: 30 records",
          r.roundTrips(), proxy.bytesUp(), proxy.bytesDown());
      results.add("sync a day's work: 30 records", "round trips", r.roundTrips(), false);
      results.add("sync a day's work: 30 records", "bytes", proxy.bytesUp() + proxy.bytesDown(),
          false);
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  /**
   * A day's work through a slow rural link: 300 ms round trip, 256 kbit/s each way, over TLS. The
   * tablet caught up in the morning, then recorded 30 visits offline and was restarted (no
   * access token in memory, as after a day asleep); a colleague pushed 10 visits meanwhile. The
   * afternoon pass is timed from a cold start: new TCP and TLS connections, handshakes included.
   */
  private void slowLinkDay(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-slow");
    FieldSyncServer server = start(ServerConfig.builder().port(0).dataDir(dir).demo(true)
        .tlsSelfSigned(true).build());
    X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve(DevCertificate.CERT_FILE))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String direct = "https://127.0.0.1:" + server.port();
    double[] wall = new double[rounds];
    double[] trips = new double[rounds];
    double[] bytes = new double[rounds];
    double[] conns = new double[rounds];
    try (FieldSync bea = device(direct, "fw.bea", cert)) {
      bea.enrol(BenchDevice.code(server, "fw.bea"), "bench tablet");
      for (int r = 0; r < rounds; r++) {
        Path tablet = Files.createTempDirectory("fieldsync-bench-slow-tablet");
        try (CountingProxy link = new CountingProxy(server.port(), 300, 256)) {
          String url = "https://127.0.0.1:" + link.port();
          try (FieldSync morning = device(url, "fw.alice", cert, tablet)) {
            morning.enrol(BenchDevice.code(server, "fw.alice"), "bench tablet");
            morning.syncNow();
          }
          List<String> kids = List.of("child-0001", "child-0002");
          try (FieldSync offline = device("https://127.0.0.1:9", "fw.alice", cert, tablet)) {
            for (int i = 0; i < 30; i++) {
              offline.visits().create("case-0001", kids, visit(kids, "Visit " + i + " of the"
                  + " day: seen at home, routines discussed, next steps agreed."));
            }
          }
          for (int i = 0; i < 10; i++) {
            bea.visits().create("case-0001", List.of("child-0002"), visit(List.of(
                "child-0002"), "Colleague's visit " + i + "."));
          }
          bea.syncNow();
          link.reset();
          try (FieldSync afternoon = device(url, "fw.alice", cert, tablet)) {
            long t0 = System.nanoTime();
            SyncResult res = afternoon.syncNow();
            wall[r] = (System.nanoTime() - t0) / 1e9;
            check(res.accepted() == 30, "all 30 records accepted, got " + res.accepted());
            check(res.pulled() >= 10, "the colleague's 10 visits pulled, got " + res.pulled());
            trips[r] = res.roundTrips();
          }
          bytes[r] = link.bytesUp() + link.bytesDown();
          conns[r] = link.connections();
        }
      }
    } finally {
      server.close().await(60, TimeUnit.SECONDS);
    }
    String name = "day's work, 300 ms RTT, 256 kbit/s, TLS, cold";
    System.out.printf("%n%-44s %12s %12s %12s %12s%n", "scenario", "seconds", "round trips",
        "bytes", "connections");
    System.out.printf("%-44s %12.2f %12.0f %12.0f %12.0f%n", name, Stats.median(wall),
        Stats.median(trips), Stats.median(bytes), Stats.median(conns));
    results.add(name, "seconds", Stats.median(wall), false);
    results.add(name, "round trips", Stats.median(trips), false);
    results.add(name, "bytes", Stats.median(bytes), false);
  }

  /**
   * 10,000 idle tablets on poke sockets (opened by {@link SocketSwarm} in a process of its own):
   * the server's heap after a full GC and its RSS, before and with the sockets. Then, as in the
   * field, one case changes at a time (20 times): the tablets of the case's three holders (15,
   * one socket each) are poked and pull, and no other socket is poked; from each push to each
   * poke received and pull answered. Last, a herd: one change to a case whose holder has 5,000
   * of the sockets, 200 of which pull. Bounded: gives up on a phase after a minute.
   */
  private void sockets() throws Exception {
    int n = 10_000;
    int perHolder = 5;
    int herd = 5_000;
    int herdPullers = 200;
    int changes = 20;
    Path dir = Files.createTempDirectory("fieldsync-bench-sockets");
    FieldSyncServer server = start(dir);
    Process swarm = null;
    try {
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
      BenchDevice pusher = BenchDevice.enrol(http, server, "fw.alice", "bench-pusher");
      String pushToken = pusher.login(http, base);
      BenchDevice carlPusher = BenchDevice.enrol(http, server, "fw.carl", "bench-pusher-carl");
      String carlToken = carlPusher.login(http, base);
      List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
          "bin", "java").toString(), "-Xmx512m",
          "-Dlogback.configurationFile=fieldsync-bench-logback.xml",
          "-Dfieldsync.bench.log=" + dir.resolve("swarm.log"),
          "-cp", System.getProperty("java.class.path"),
          SocketSwarm.class.getName(), String.valueOf(server.port())));
      // The holders of case-0001 (alice, bea, dan), five tablets each, every one pulling on a
      // poke; carl (case-0003) with the herd; hana (cases 5 and 6) with the rest, idle.
      int holderTablets = 0;
      for (String user : List.of("fw.alice", "fw.bea", "sw.dan")) {
        for (int i = 0; i < perHolder; i++) {
          BenchDevice d = BenchDevice.enrol(http, server, user,
              "bench-ws-" + user.replace('.', '-') + "-" + i);
          args.add("case:1:1:" + d.deviceId + "=" + d.login(http, base));
          holderTablets++;
        }
      }
      BenchDevice carl = BenchDevice.enrol(http, server, "fw.carl", "bench-ws-carl");
      args.add("herd:" + herd + ":" + herdPullers + ":" + carl.deviceId + "="
          + carl.login(http, base));
      BenchDevice hana = BenchDevice.enrol(http, server, "fw.hana", "bench-ws-hana");
      args.add("idle:" + (n - herd - holderTablets) + ":0:" + hana.deviceId + "="
          + hana.login(http, base));
      long[] before = serverMemory();
      swarm = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      BufferedReader out = new BufferedReader(new InputStreamReader(
          swarm.getInputStream(), StandardCharsets.UTF_8));
      Thread reader = new Thread(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            lines.add(l);
          }
        } catch (IOException e) {
          // the swarm ended
        }
      }, "swarm-reader");
      reader.setDaemon(true);
      reader.start();
      String line;
      do { // anything else the JVM says before the sockets are open
        line = lines.poll(3, TimeUnit.MINUTES);
      } while (line != null && !line.startsWith("OPEN "));
      check(line != null, "the swarm opened its sockets");
      int open = Integer.parseInt(line.split(" ")[1]);
      Thread.sleep(1_000); // the last registrations settle
      long[] with = serverMemory();

      // One case changes at a time: only its holders' tablets hear of it.
      List<Double> poked = new ArrayList<>();
      List<Double> pulled = new ArrayList<>();
      int strays = 0;
      for (int c = 0; c < changes; c++) {
        long t0 = nowMicros();
        postJson(base + "sync/push", pushToken, pusher.push(visits("u-alice", "bench-pusher",
            "case-0001", "child-0001", 1)));
        int[] seen = await(lines, t0, holderTablets, holderTablets, "case", poked, pulled);
        strays += seen[2];
        Thread.sleep(200);
      }
      // The herd: one change heard by 5,000 sockets at once.
      List<Double> herdPoked = new ArrayList<>();
      List<Double> herdPulled = new ArrayList<>();
      long t0 = nowMicros();
      postJson(base + "sync/push", carlToken, carlPusher.push(visits("u-carl",
          "bench-pusher-carl", "case-0003", "child-0004", 1)));
      int[] herdSeen = await(lines, t0, herd, herdPullers, "herd", herdPoked, herdPulled);
      strays += herdSeen[2];
      check(strays == 0, strays + " pokes reached tablets that do not hold the changed case");

      double[] pk = poked.stream().mapToDouble(Double::doubleValue).toArray();
      double[] pl = pulled.stream().mapToDouble(Double::doubleValue).toArray();
      double[] hk = herdPoked.stream().mapToDouble(Double::doubleValue).toArray();
      double[] hl = herdPulled.stream().mapToDouble(Double::doubleValue).toArray();
      String name = String.format("%,d idle poke sockets", open);
      System.out.printf("%n%-44s %12s %12s %12s %12s%n", "scenario", "heap MiB", "RSS MiB",
          "p50 ms", "p99 ms");
      System.out.printf("%-44s %12.0f %12.0f %12s %12s%n", "server before the sockets",
          before[0] / 1048576.0, before[1] / 1048576.0, "", "");
      System.out.printf("%-44s %12.0f %12.0f %12s %12s%n", name, with[0] / 1048576.0,
          with[1] / 1048576.0, "", "");
      printLatency(String.format("  1 case changes (x%d): poke received (%d)", changes,
          pk.length), pk);
      printLatency(String.format("  1 case changes (x%d): poke to pulled (%d)", changes,
          pl.length), pl);
      printLatency(String.format("  herd: poke received (%d of %d)", hk.length, herd), hk);
      printLatency(String.format("  herd: poke to pulled (%d of %d)", hl.length, herdPullers),
          hl);
      String sc = "10,000 idle poke sockets";
      results.add(sc, "sockets open", open, true);
      results.add(sc, "server heap after full GC MiB", with[0] / 1048576.0, false);
      results.add(sc, "heap per socket KiB",
          (with[0] - before[0]) / 1024.0 / Math.max(1, open), false);
      results.add(sc, "server RSS MiB", with[1] / 1048576.0, false);
      results.add(sc, "1 case changes: poke received p99 ms", Stats.percentile(pk, 99), false);
      results.add(sc, "1 case changes: poke to pulled p50 ms", Stats.percentile(pl, 50), false);
      results.add(sc, "1 case changes: poke to pulled p99 ms", Stats.percentile(pl, 99), false);
      results.add(sc, "herd of 5,000: poke received p99 ms", Stats.percentile(hk, 99), false);
      results.add(sc, "herd of 5,000: poke to pulled p99 ms", Stats.percentile(hl, 99), false);
    } finally {
      if (swarm != null) {
        swarm.getOutputStream().close();
        if (!swarm.waitFor(20, TimeUnit.SECONDS)) {
          swarm.destroyForcibly();
        }
      }
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads the swarm's lines until {@code pokes} pokes and {@code pulls} pulls of {@code group}
   * have come (or a minute has passed), adding each one's milliseconds since {@code t0}; the
   * counts seen, and how many pokes reached another group.
   */
  private static int[] await(BlockingQueue<String> lines, long t0, int pokes, int pulls,
      String group, List<Double> poked, List<Double> pulled) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int gotPokes = 0;
    int gotPulls = 0;
    int strays = 0;
    while ((gotPokes < pokes || gotPulls < pulls) && System.nanoTime() < deadline) {
      String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (l == null) {
        break;
      }
      String[] f = l.split(" ");
      if (f.length != 3 || !(f[0].equals("POKE") || f[0].equals("PULLED"))) {
        continue;
      }
      if (!f[1].equals(group)) {
        strays += f[0].equals("POKE") ? 1 : 0;
        continue;
      }
      double ms = (Long.parseLong(f[2]) - t0) / 1000.0;
      if (f[0].equals("POKE")) {
        gotPokes++;
        poked.add(ms);
      } else {
        gotPulls++;
        pulled.add(ms);
      }
    }
    return new int[] {gotPokes, gotPulls, strays};
  }

  private static void printLatency(String name, double[] sample) {
    System.out.printf("%-44s %12s %12s %12.1f %12.1f%n", name, "", "",
        Stats.percentile(sample, 50), Stats.percentile(sample, 99));
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** This process's heap in use after a full GC, and its resident set, in bytes. */
  private static long[] serverMemory() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
        .getUsed();
    long rss = 0;
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        rss = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new long[] {heap, rss};
  }

  private static FieldSync device(String url, String user, X509Certificate cert)
      throws Exception {
    return device(url, user, cert, Files.createTempDirectory("fieldsync-bench-" + user));
  }

  private static FieldSync device(String url, String user, X509Certificate cert, Path dir) {
    return FieldSync.builder().serverUrl(url).dataDir(dir).pinnedCertificate(cert)
        .credentials(() -> new Credentials(user, DemoData.PASSWORD)).pin(PIN).build();
  }

  private int pullAll(String base, String token) throws Exception {
    String since = null;
    int n = 0;
    while (true) {
      String q = base + "sync/changes?limit=1000" + (since == null ? "" : "&since=" + since);
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(q))
          .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      ChangesPage page = ProtocolCodec.decode(r.body(), ChangesPage.class);
      n += page.changes().size();
      since = page.checkpoint();
      if (!page.hasMore()) {
        return n;
      }
    }
  }

  /**
   * One small day on a server of its own before any scenario, its checker firings counted with
   * the servers' starts: the first request of each kind in a JVM loads its classes, a one-off
   * for a server that runs for weeks, which would otherwise be charged to the first scenario.
   */
  private void warmUp() throws Exception {
    Path dir = Files.createTempDirectory("fieldsync-bench-warm-up");
    FieldSyncServer server = start(dir);
    starting = true;
    try {
      String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
      BenchDevice d = BenchDevice.enrol(http, server, "fw.alice", "bench-warm-up");
      String token = d.login(http, base);
      for (int i = 0; i < 3; i++) {
        postJson(base + "sync/push", token, d.push(visits("u-alice", "bench-warm-up",
            "case-0001", "child-0001", 200)));
        pullAll(base, token);
      }
      http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/sync/ws"),
              new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS).abort();
    } finally {
      starting = false;
      server.close().await(60, TimeUnit.SECONDS);
    }
  }

  private FieldSyncServer start(Path dir) throws Exception {
    return start(ServerConfig.builder().port(0).dataDir(dir).demo(true).build());
  }

  private FieldSyncServer start(ServerConfig cfg) throws Exception {
    starting = true;
    try {
      return FieldSyncServer.start(vertx, cfg).toCompletionStage().toCompletableFuture()
          .get(2, TimeUnit.MINUTES);
    } finally {
      starting = false;
    }
  }

  private String login(String base, String user) throws Exception {
    HttpResponse<byte[]> r = postJson(base + "auth/login", null,
        ProtocolCodec.encode(new LoginRequest(user, DemoData.PASSWORD, "bench")));
    return ProtocolCodec.decode(r.body(), LoginResponse.class).token();
  }

  private HttpResponse<byte[]> postJson(String url, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    check(r.statusCode() == 200, url + " answered " + r.statusCode());
    return r;
  }

  static Visit visit(List<String> kids, String notes) {
    return new Visit(LocalDate.of(2026, 11, 20), null, 45, Visit.Mode.HOME_VISIT, Visit.Kind.CIN,
        true, kids.stream().map(k -> new Visit.ChildSeen(k, true, true)).toList(), List.of(),
        "Warm and tidy.", "Engaging well.", "School to be contacted.", notes, null);
  }

  private static List<Revision> visits(String author, String device, String caseId, String kid,
      int n) {
    List<Revision> out = new ArrayList<>(n);
    List<String> kids = List.of(kid);
    for (int i = 0; i < n; i++) {
      out.add(Revisions.next(UuidV7.generate(), RecordType.VISIT, caseId, kids, null, false, 1,
          author, device, new Hlc(1_700_000_000_000L + i, 0, device),
          ProtocolCodec.encodeBody(visit(kids, "Fictional visit note " + i))));
    }
    return out;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }
}
