package org.fieldsync.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.client.Caseload;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.Records;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.client.internal.store.StoreLogs;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.client.internal.vault.EncryptedLocalStore;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.oversight.DueItem;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.wire.PushRequest;

/**
 * Everything behind one {@code FieldSync}, built once, in order, through constructors: the held
 * data folder, the device's security, the encrypted store, the status hub, the server client and
 * the sync engine. It owns their lifecycle: close (keys forgotten, folder released) and the wipe
 * of a revoked device (unpushed work handed over where allowed, then keys and folder destroyed).
 */
public final class Core implements AutoCloseable {
  private static final Logger LOG = System.getLogger(Core.class.getName());

  private final DataFolder folder;
  private final String deviceId;
  private final String appVersion;
  private final DeviceSecurity security;
  private final LocalStore store;
  private final StatusHub status;
  private final ServerApi api;
  private final AttachmentFiles attachmentFiles;
  private final AuthorIds authors;
  private final CaseloadCache caseload;
  private final RecordWriter writer;
  private final SyncEngine engine;
  private final ReceiptVerifier receipts;
  private final TabletDue due;
  private volatile boolean closed;
  private volatile boolean wiped;

  private Core(Settings s, URI base, DataFolder folder) {
    this.folder = folder;
    this.deviceId = folder.readOrCreate("device-id", UuidV7::generate);
    this.appVersion = s.appVersion();
    this.security = new DeviceSecurity(folder.path(), deviceId, s.pinPolicy(), s.clock());
    StoreLogs.route(s.storeLogLevel());
    // Couchbase Lite only ever sees record text encrypted with the device's data key.
    this.store = new EncryptedLocalStore(s.openStore().apply(folder.path().resolve("db")),
        security::dataKey);
    this.status = new StatusHub(store, s.clock());
    // The device's clock, corrected from every server answer's X-Server-Time. The correction is
    // kept in memory only: the tablet's own clock may be set right (or wrong) while it is off,
    // and a refused revision is stamped again anyway.
    HybridLogicalClock hlc = new HybridLogicalClock(deviceId, s.clock()::millis);
    Transport transport = s.transport() != null ? s.transport()
        : new JdkTransport(s.connectTimeout(), s.requestTimeout(), s.pinnedKey());
    this.api = new ServerApi(base, transport, s.credentials(), deviceId, security, this::report,
        hlc::correct, hlc::wall);
    this.attachmentFiles = new AttachmentFiles(folder.path());
    this.authors = new AuthorIds(folder.path(), api, s.credentials());
    this.caseload = new CaseloadCache(store, s.clock());
    Object writeLock = new Object();
    this.writer = new RecordWriter(store, hlc, deviceId, authors::current, writeLock);
    this.receipts = new ReceiptVerifier(folder.path(), api);
    this.engine = new SyncEngine(store, api, security, hlc, writeLock, status, attachmentFiles,
        receipts, caseload, s.sync(), this::wipeAfterRevocation);
    this.due = new TabletDue(store, caseload, s.oversight(), s.clock());
  }

  /**
   * Opens everything for a data folder; with a PIN, unlocks (or holds the PIN for enrolment).
   *
   * @throws FieldSyncException why it could not open or unlock; nothing is left open then
   */
  public static Core open(Settings s) {
    URI base = ServerApi.checkBase(s.serverUrl()); // before anything opens
    DataFolder folder = DataFolder.hold(s.dataDir());
    Core core;
    try {
      core = new Core(s, base, folder);
    } catch (RuntimeException e) {
      folder.close();
      throw e;
    }
    char[] pin = s.pin();
    if (pin == null) {
      return core;
    }
    try {
      if (core.security.state() == DeviceSecurity.State.NOT_ENROLLED) {
        core.security.holdForEnrolment(pin);
      } else {
        core.unlock(pin);
      }
      return core;
    } catch (RuntimeException e) {
      core.close();
      throw e;
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  private Map<String, String> report() {
    SyncStatus s = status.current();
    Map<String, String> h = new HashMap<>();
    h.put("FieldSync-Pending", Integer.toString(s.pending()));
    h.put("FieldSync-Needs-Attention", Integer.toString(s.needsAttention()));
    if (appVersion != null) {
      h.put("FieldSync-App-Version", appVersion);
    }
    return h;
  }

  public String deviceId() {
    return deviceId;
  }

  public DeviceSecurity security() {
    return security;
  }

  public LocalStore store() {
    return store;
  }

  public StatusHub status() {
    return status;
  }

  public ServerApi api() {
    return api;
  }

  public SyncEngine engine() {
    return engine;
  }

  public AttachmentFiles attachmentFiles() {
    return attachmentFiles;
  }

  /** The caseload kept from the last sync. Offline; needs the data unlocked (it is sealed). */
  public Caseload caseload() {
    requireReady();
    return caseload.current();
  }

  /** Typed local access to one record type. */
  public <B extends RecordBody> Records<B> records(Class<B> type) {
    return new TypedRecords<>(type, store, writer, () -> {
      status.publish();
      engine.nudge();
    }, this::requireReady);
  }

  /** The worker's due and overdue list, from the local store only. */
  public List<DueItem> due() {
    requireReady();
    return due.due();
  }

  public void unlock(char[] pin) {
    requireOpen();
    security.unlock(api, pin);
    status.publish();
    engine.nudge();
  }

  public void enrol(String code, String deviceName, char[] pin) {
    requireOpen();
    security.enrol(api, code, deviceName, appVersion, pin);
    // Trust on first use, at the moment trust is set up anyway: a day's first sync then needs
    // no request of its own for the key its receipts are checked with.
    receipts.pin();
    engine.nudge();
  }

  /** One pass on the calling thread; a revoked or lost device wipes itself and says so. */
  public SyncResult syncNow() {
    requireOpen();
    try {
      return engine.syncNow();
    } catch (FieldSyncException e) {
      if (SdkErrorCodes.DEVICE_REVOKED.equals(e.code())
          || SdkErrorCodes.DEVICE_LOST.equals(e.code())) {
        if (!wipeAfterRevocation()) {
          throw new FieldSyncException(SdkErrorCodes.DEVICE_REVOKED, "a sync admin revoked this"
              + " device; its unpushed work could not be handed over yet (no answer from the"
              + " server, or the device is locked), so it is kept and handed over at the next"
              + " sync", List.of(), true, e);
        }
        throw new FieldSyncException(SdkErrorCodes.DEVICE_WIPED, "a sync admin revoked this"
            + " device: its unpushed work was handed over where allowed, and its data and keys"
            + " are destroyed", List.of(), true, e);
      }
      throw e;
    } finally {
      if (!closed) {
        authors.remember();
      }
    }
  }

  /**
   * What a revoked device does: hands its unpushed revisions (signed) to the server's quarantine
   * if the server still takes them, then closes and deletes its data folder, keys included. What
   * it hands over is everything of the worker's the server does not hold: the outbox, and the
   * revisions the server refused that still need the worker's attention (a refused visit is
   * still the worker's record of the visit). A hand-over that got no answer (no connection, a
   * lost answer, a server error) wipes nothing: the work stays, and the next contact tries
   * again; false then. So does a locked device, whose work cannot be read to hand over until
   * the worker unlocks it (it stays encrypted at rest meanwhile). Only the server's own refusal
   * (the admin closed the quarantine, or the device was reported lost) lets the wipe go ahead
   * without it.
   */
  private synchronized boolean wipeAfterRevocation() {
    if (closed) {
      return true;
    }
    try {
      List<Revision> revs = security.dataKeyIfUnlocked().isPresent() ? unheld() : null;
      if (revs == null) {
        // Locked: ask without the work, so a lost device (or a closed quarantine) still wipes.
        api.quarantine(new PushRequest(deviceId, List.of(), List.of()));
        LOG.log(Level.INFO, "revoked while locked: work kept until it is unlocked and handed"
            + " over");
        return false;
      }
      if (!revs.isEmpty()) {
        api.quarantine(new PushRequest(deviceId, revs, security.sign(revs)));
      }
    } catch (FieldSyncException e) {
      if (!refusedForGood(e)) {
        LOG.log(Level.INFO, "unpushed work not handed over yet, kept for the next contact: "
            + e.code());
        return false;
      }
      // The server refused it for good (quarantine closed, device lost): the wipe goes ahead.
      LOG.log(Level.INFO, "unpushed work not handed over before the wipe: " + e.code());
    }
    closed = true;
    wiped = true;
    security.wiped();
    engine.stop();
    status.wiped();
    status.close();
    store.close();
    folder.delete();
    return true;
  }

  /**
   * This device's revisions the server does not hold: the outbox, then each record refused and
   * needing attention whose current revision this device made and the server never took.
   */
  private List<Revision> unheld() {
    Map<String, Revision> out = new LinkedHashMap<>();
    for (OutboxEntry e : store.outbox(Integer.MAX_VALUE)) {
      Revision r = ProtocolCodec.decode(e.revisionJson(), Revision.class);
      out.put(r.id() + "\n" + r.rev(), r);
    }
    for (StoredRecord s : store.byState(SyncState.NEEDS_ATTENTION.name())) {
      if (deviceId.equals(s.deviceId()) && !s.rev().equals(s.serverRev())) {
        Revision r = RecordMapper.toRevision(s);
        out.putIfAbsent(r.id() + "\n" + r.rev(), r);
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Whether the server refused the hand-over for good: the admin closed the quarantine (a lost
   * device's too) or the device is unknown. Anything else (no answer, a 5xx, a throttle, a 4xx
   * about the request itself) keeps the work for the next contact: destroying it on an answer
   * that says nothing about the quarantine would lose it.
   */
  private static boolean refusedForGood(FieldSyncException e) {
    String code = e.code();
    return code.equals("device.quarantineClosed") || code.equals(SdkErrorCodes.DEVICE_LOST)
        || code.equals("device.notFound");
  }

  /** Throws when closed or wiped. */
  public void requireOpen() {
    if (wiped) {
      throw new FieldSyncException(SdkErrorCodes.DEVICE_WIPED, "a sync admin revoked this"
          + " device: its data and keys are destroyed");
    }
    if (closed) {
      throw new FieldSyncException(SdkErrorCodes.CLOSED, "this FieldSync is closed");
    }
  }

  /** Throws when closed, wiped, locked or not enrolled: records can be neither read nor saved. */
  public void requireReady() {
    requireOpen();
    security.dataKey();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close();
    status.close();
    store.close();
    security.lock();
    folder.close();
  }
}
