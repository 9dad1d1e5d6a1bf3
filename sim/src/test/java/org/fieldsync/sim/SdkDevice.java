package org.fieldsync.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.server.auth.DeviceRegistry;

/**
 * A real SDK tablet (Couchbase Lite in the scenario's folder) on the scenario's clock, talking
 * to the server through a transport that drops requests and answers as the scenario decides. It
 * syncs only when the scenario says so (no background sync), so its order is the scenario's.
 */
final class SdkDevice implements AutoCloseable {
  static final String PIN = "4826";

  final String name;
  final String userId;
  final FieldSync fs;
  final List<String> created = new ArrayList<>();
  boolean wiped;
  private final Scenario s;

  SdkDevice(Scenario s, Path dir, String name, String username, String userId) {
    this.s = s;
    this.name = name;
    this.userId = userId;
    Transport wire = new JdkTransport(Duration.ofSeconds(10), Duration.ofSeconds(60));
    fs = FieldSync.builder().serverUrl("http://127.0.0.1:" + s.server.port() + "/")
        .dataDir(dir).credentials(() -> new Credentials(username, Scenario.PASSWORD))
        .transport(new FaultyTransport(wire)).pin(PIN.toCharArray()).pinCost(1024, 1)
        .clock(s.clock).timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)).build();
    long now = s.clock.millis();
    String code = s.server.server().store().write(tx -> DeviceRegistry.issueCode(tx, userId,
        "u-gus", now, 15 * 60_000L));
    s.faultsOff = true;
    try {
      fs.enrol(code, name + "'s tablet");
    } finally {
      s.faultsOff = false;
    }
  }

  /** The port moves when the server restarts: the transport always asks the live one. */
  private URI live(URI uri) {
    return URI.create("http://127.0.0.1:" + s.server.port() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** A visit recorded on the tablet, or a note added to one it holds. */
  void edit() {
    // Only its own records, in the order it made them: the SDK mints random ids, so any other
    // order would differ between replays.
    List<LocalRecord<Visit>> all = new ArrayList<>();
    for (String id : created) {
      fs.visits().get(id).ifPresent(all::add);
    }
    int made = s.r.nextInt(1000);
    if (all.isEmpty() || s.r.nextInt(3) == 0) {
      String caseId = "case-0001";
      List<String> kids = List.of("child-0001", "child-0002");
      LocalDate day = LocalDate.ofInstant(s.clock.instant(), ZoneOffset.UTC).minusDays(1);
      Visit v = new Visit(day, LocalTime.of(14, 0), 60, Visit.Mode.HOME_VISIT, Visit.Kind.CIN,
          true, kids.stream().map(c -> new Visit.ChildSeen(c, true, false)).toList(),
          List.of(), "Calm.", null, null, "SDK visit by " + name + ".", null);
      LocalRecord<Visit> l = fs.visits().create(caseId, kids, v);
      created.add(l.id());
      s.trace.add(name, "sdk create visit " + Trace.shortId(l.id()) + " -> "
          + Trace.shortRev(l.rev()));
      return;
    }
    LocalRecord<Visit> l = all.get(s.r.nextInt(all.size()));
    Visit v = l.body();
    String notes = (v.notes() == null ? "" : v.notes() + "\n") + "SDK note " + made + ".";
    Visit next = new Visit(v.date(), v.startTime(), v.durationMinutes(), v.mode(), v.kind(),
        v.planned(), v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(),
        v.actionsAgreed(), notes, v.nextVisitDate(), v.returns(), v.returnHomeInterview());
    try {
      LocalRecord<Visit> u = fs.visits().update(l.id(), next);
      s.trace.add(name, "sdk edit " + Trace.shortId(l.id()) + " notes -> "
          + Trace.shortRev(u.rev()));
    } catch (FieldSyncException e) {
      s.trace.add(name, "sdk edit " + Trace.shortId(l.id()) + " refused: " + e.code());
    }
  }

  /** One sync; false when it did not finish (a fault, or the device was wiped). */
  boolean sync() {
    try {
      SyncResult r = fs.syncNow();
      s.trace.add(name, "sdk sync pushed=" + r.pushed() + " accepted=" + r.accepted()
          + " conflicts=" + r.conflicts() + " rejected=" + r.rejected() + " pulled="
          + r.pulled());
      return true;
    } catch (FieldSyncException e) {
      s.trace.add(name, "sdk sync failed: " + e.code());
      // Revoked but not wiped: the hand-over of its unpushed work got no answer, so the SDK
      // keeps the work and hands it over at the next sync (seed 530 of the 10,000 found the
      // harness treating that as a wipe and never syncing the tablet again).
      wiped |= "device.wiped".equals(e.code());
      return false;
    }
  }

  @Override
  public void close() {
    try {
      fs.close();
    } catch (RuntimeException e) {
      // a wiped device is closed already
    }
  }

  /** The scenario's network between this tablet and the server. */
  private final class FaultyTransport implements Transport {
    private final Transport wire;

    FaultyTransport(Transport wire) {
      this.wire = wire;
    }

    @Override
    public Response send(Request request) throws IOException {
      Request to = new Request(request.method(), live(request.uri()), request.bearerToken(),
          request.body(), request.headers());
      if (!s.faultsOff && s.faults.roll("sdk-request-dropped", 5)) {
        s.trace.add(name, "FAULT sdk " + request.method() + " " + request.uri().getPath()
            + " dropped before the server");
        throw new IOException("simulated: dropped before the server");
      }
      Response r = wire.send(to);
      if (!s.faultsOff && s.faults.roll("sdk-response-lost", 5)) {
        s.trace.add(name, "FAULT sdk " + request.method() + " " + request.uri().getPath()
            + " handled, answer lost");
        throw new IOException("simulated: answer lost");
      }
      return r;
    }

    @Override
    public PokeSocket openPokes(URI uri, String bearerToken, PokeListener listener)
        throws IOException {
      throw new IOException("the simulation delivers no pokes: it syncs when it decides");
    }

    @Override
    public void close() {
      wire.close();
    }
  }
}
