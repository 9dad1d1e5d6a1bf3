package org.fieldsync.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.internal.RecordWriter;
import org.fieldsync.client.internal.ServerApi;
import org.fieldsync.client.internal.StatusHub;
import org.fieldsync.client.internal.SyncEngine;
import org.fieldsync.client.internal.TypedRecords;
import org.fieldsync.client.internal.store.CouchbaseLocalStore;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.vault.EncryptedLocalStore;
import org.fieldsync.client.internal.vault.Vault;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.UserInfo;

/**
 * The SDK's entry object: a worker's records on this device, and their sync with the server.
 *
 * <p>Build <b>one</b> per data folder with {@link #builder()}, share it across the app, and {@link
 * #close()} it when the app shuts down; two instances on one folder are refused by the store's
 * lock. Its configuration is fixed at build time. Every save works offline; sync runs when asked
 * ({@link #syncNow()}) or in the background ({@link #startSync()}).
 */
public final class FieldSync implements AutoCloseable {
  private final LocalStore store;
  private final StatusHub status;
  private final SyncEngine engine;
  private final ServerApi api;
  private final Path dataDir;
  private final Records<Visit> visits;
  private final Records<ChildVoiceObservation> childVoice;
  private final Records<FnspRequest> fnspRequests;
  private final Records<SupervisionNote> supervisionNotes;
  private final Records<FamilyFeedback> familyFeedback;
  private final Records<FamilyMeeting> familyMeetings;
  private final String deviceId;
  private final CredentialsProvider credentials;
  private volatile boolean closed;
  private final char[] pin;
  private final int pinMemoryKib;
  private final int pinIterations;
  private final int maxPinAttempts;
  private volatile byte[] unlockedKey;
  private volatile Vault vault;
  private volatile long leaseRenewedAt;
  private final String appVersion;
  private final RefreshKeeper refreshKeeper;
  private final Attachments attachments;

  private FieldSync(Builder b) {
    this.dataDir = b.dataDir;
    this.credentials = b.credentials;
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new FieldSyncException(FieldSyncException.STORE_FAILED,
          "cannot create data folder " + dataDir + ": " + e.getMessage());
    }
    this.deviceId = readOrCreate(dataDir.resolve("device-id"), UuidV7::generate);
    Transport transport = b.transport != null ? b.transport
        : new JdkTransport(b.connectTimeout, b.requestTimeout, b.pinnedKey);
    // Before the store opens: a refused server address must not leave the database open.
    this.api = new ServerApi(b.serverUrl, transport, b.credentials, deviceId);
    // Couchbase Lite only ever sees record text encrypted with the device's data key.
    this.store = new EncryptedLocalStore(b.storeFactory.open(dataDir.resolve("db")),
        this::dataKey);
    this.pin = b.pin;
    this.pinMemoryKib = b.pinMemoryKib;
    this.pinIterations = b.pinIterations;
    this.maxPinAttempts = b.maxPinAttempts;
    String appVersion = b.appVersion;
    HybridLogicalClock clock = new HybridLogicalClock(deviceId);
    Object writeLock = new Object();
    this.status = new StatusHub(store);
    this.appVersion = b.appVersion;
    api.reportWith(() -> {
      SyncStatus s = status.current();
      java.util.Map<String, String> h = new java.util.HashMap<>();
      h.put("FieldSync-Pending", Integer.toString(s.pending()));
      h.put("FieldSync-Needs-Attention", Integer.toString(s.needsAttention()));
      if (appVersion != null) {
        h.put("FieldSync-App-Version", appVersion);
      }
      return h;
    });
    this.engine = new SyncEngine(store, api, clock, writeLock, status, b.pushBatchSize,
        b.pullPageSize, b.idleInterval, b.backoffBase, b.backoffMax, dataDir);
    this.refreshKeeper = new RefreshKeeper();
    api.deviceSession(refreshKeeper);
    engine.onRevoked(this::wipeAfterRevocation);
    engine.dataKey(() -> unlockedKey);
    engine.afterPass(this::renewLeaseIfDue);
    RecordWriter writer = new RecordWriter(store, clock, deviceId, this::authorId, writeLock);
    Runnable afterSave = () -> {
      status.publish();
      engine.nudge();
    };
    this.visits = new TypedRecords<>(Visit.class, store, writer, afterSave,
        this::ensureOpen);
    this.childVoice = new TypedRecords<>(ChildVoiceObservation.class, store, writer, afterSave,
        this::ensureOpen);
    this.fnspRequests = new TypedRecords<>(FnspRequest.class, store, writer, afterSave,
        this::ensureOpen);
    this.supervisionNotes = new TypedRecords<>(SupervisionNote.class, store, writer, afterSave,
        this::ensureOpen);
    this.familyFeedback = new TypedRecords<>(FamilyFeedback.class, store, writer, afterSave,
        this::ensureOpen);
    this.familyMeetings = new TypedRecords<>(FamilyMeeting.class, store, writer, afterSave,
        this::ensureOpen);
    this.attachments = new Attachments(
        new org.fieldsync.client.internal.vault.AttachmentFiles(dataDir), this::dataKey, api,
        this::ensureOpen);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Keeps the device's refresh token in the data folder, encrypted with the data key (so it is
   * as unreadable as the records when the tablet is locked, its lease has run out, or its keys
   * were destroyed), and signs refreshes with the device key.
   */
  private final class RefreshKeeper implements ServerApi.DeviceSession {
    private static final String FILE = "refresh-token";
    private volatile String cached;

    @Override
    public String refreshToken() {
      String t = cached;
      byte[] k = unlockedKey;
      Path f = dataDir.resolve(FILE);
      if (t != null || k == null || !Files.exists(f)) {
        return t;
      }
      try {
        cached = org.fieldsync.client.internal.vault.Aead.openText(k,
            Files.readString(f, StandardCharsets.US_ASCII).trim(), FILE);
      } catch (IOException | RuntimeException e) {
        cached = null; // unreadable: the password is asked for instead
      }
      return cached;
    }

    @Override
    public void keepRefreshToken(String token) {
      cached = token;
      Path f = dataDir.resolve(FILE);
      byte[] k = unlockedKey;
      try {
        if (token == null) {
          Files.deleteIfExists(f);
        } else if (k != null) {
          Files.writeString(f, org.fieldsync.client.internal.vault.Aead.sealText(k, token, FILE),
              StandardCharsets.US_ASCII);
          try {
            Files.setPosixFilePermissions(f,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the app's private storage applies.
          }
        }
      } catch (IOException e) {
        // Kept in memory only: after a restart the password is asked for once.
      }
    }

    @Override
    public String sign(byte[] payload) {
      byte[] k = unlockedKey;
      return k == null ? null : org.fieldsync.client.internal.DeviceKey.load(dataDir, k)
          .map(key -> key.sign(payload)).orElse(null);
    }

    /** Writes the token held in memory to disk, once the data key exists (after enrolment). */
    void persist() {
      String t = cached;
      if (t != null) {
        keepRefreshToken(t);
      }
    }
  }

  /** The data key, or why it is not available. */
  private byte[] dataKey() {
    byte[] k = unlockedKey;
    if (k != null) {
      return k;
    }
    if (!Vault.exists(dataDir)) {
      throw new FieldSyncException(Vault.CODE_NOT_READY, "this device has not enrolled yet:"
          + " enrol it with a code from a sync admin");
    }
    throw new FieldSyncException(Vault.CODE_LOCKED, "this device's data is locked: unlock it"
        + " with the worker's PIN");
  }

  /**
   * Unlocks the device's data with the worker's PIN. Works offline while the lease is current;
   * when it has run out, renews it from the server first (refused for a tablet reported lost).
   * Too many wrong PINs destroy the keys: {@code vault.lockedOut}.
   */
  public synchronized void unlock(char[] workerPin) {
    ensureOpen();
    if (!Vault.exists(dataDir)) {
      throw new FieldSyncException(Vault.CODE_NOT_READY, "this device has not enrolled yet");
    }
    Vault v = Vault.load(dataDir, deviceId);
    try {
      unlockedKey = v.unlock(workerPin, System.currentTimeMillis(), maxPinAttempts);
    } catch (FieldSyncException e) {
      if (!Vault.CODE_LEASE_EXPIRED.equals(e.code())) {
        throw e;
      }
      ServerApi.Lease lease;
      try {
        lease = api.lease();
      } catch (FieldSyncException offlineOrLost) {
        throw new FieldSyncException(Vault.CODE_LEASE_EXPIRED, e.getMessage() + " ("
            + offlineOrLost.getMessage() + ")");
      }
      v.renew(java.util.Base64.getDecoder().decode(lease.leaseKey()), lease.expiresAt());
      leaseRenewedAt = System.currentTimeMillis();
      unlockedKey = v.unlock(workerPin, System.currentTimeMillis(), maxPinAttempts);
    }
    vault = v;
    status.publish();
    engine.nudge();
  }

  /** Whether the data is unlocked. */
  public boolean unlocked() {
    return unlockedKey != null;
  }

  /** Renews the lease once a tenth of it has passed, so a tablet in signal never runs out. */
  private void renewLeaseIfDue() {
    Vault v = vault;
    if (v == null) {
      return;
    }
    long now = System.currentTimeMillis();
    long left = v.leaseExpiresAt() - now;
    long span = v.leaseExpiresAt() - leaseRenewedAt;
    if (leaseRenewedAt != 0 && left > span * 9 / 10) {
      return;
    }
    try {
      ServerApi.Lease lease = api.lease();
      v.renew(java.util.Base64.getDecoder().decode(lease.leaseKey()), lease.expiresAt());
      leaseRenewedAt = now;
    } catch (FieldSyncException e) {
      // Reported lost, or a blip: the current lease runs on; it is asked for again next pass.
    }
  }

  public Records<Visit> visits() {
    return visits;
  }

  public Records<ChildVoiceObservation> childVoice() {
    return childVoice;
  }

  public Records<FnspRequest> fnspRequests() {
    return fnspRequests;
  }

  public Records<SupervisionNote> supervisionNotes() {
    return supervisionNotes;
  }

  public Records<FamilyFeedback> familyFeedback() {
    return familyFeedback;
  }

  public Records<FamilyMeeting> familyMeetings() {
    return familyMeetings;
  }

  /** Attachments to child-voice observations, kept encrypted on the tablet. */
  public Attachments attachments() {
    return attachments;
  }

  /** This device's id, minted on first use and kept in the data folder. */
  public String deviceId() {
    return deviceId;
  }

  /**
   * Pushes every local change, then pulls until caught up, on the calling thread.
   *
   * @throws FieldSyncException when the server cannot be reached or refuses; see {@link
   *     FieldSyncException#mayHaveReachedServer()}. Local data is never harmed by a failure.
   */
  public SyncResult syncNow() {
    ensureOpen();
    try {
      return engine.syncNow();
    } catch (FieldSyncException e) {
      if (FieldSyncException.DEVICE_REVOKED.equals(e.code())
          || FieldSyncException.DEVICE_LOST.equals(e.code())) {
        wipeAfterRevocation();
        throw new FieldSyncException(FieldSyncException.DEVICE_WIPED, "a sync admin revoked this"
            + " device: its unpushed work was handed over where allowed, and its data and keys"
            + " are destroyed");
      }
      throw e;
    } finally {
      if (!closed) {
        rememberUser();
      }
    }
  }

  /**
   * Enrols this device with a one-time code from a sync admin: makes the device's Ed25519 key,
   * registers its public half with the server, and keeps the key. Only an enrolled device syncs.
   * Does nothing if the device is already enrolled.
   */
  public void enrol(String code, String deviceName) {
    ensureOpen();
    if (enrolled()) {
      return;
    }
    if (pin == null) {
      throw new IllegalStateException("set the worker's PIN on the builder before enrolling:"
          + " it protects the device's data");
    }
    org.fieldsync.client.internal.DeviceKey key =
        org.fieldsync.client.internal.DeviceKey.generate();
    api.enrol(Objects.requireNonNull(code), key.publicKey(), deviceName, appVersion);
    api.resetSession(); // the next sign-in is bound to the enrolled device
    ServerApi.Lease lease = api.lease();
    Vault.Unlocked made = Vault.create(dataDir, deviceId, pin,
        java.util.Base64.getDecoder().decode(lease.leaseKey()), lease.expiresAt(),
        pinMemoryKib, pinIterations);
    try {
      key.save(dataDir, made.dataKey());
    } catch (IOException e) {
      throw new FieldSyncException(FieldSyncException.STORE_FAILED,
          "cannot keep the device key: " + e.getMessage());
    }
    vault = made.vault();
    leaseRenewedAt = System.currentTimeMillis();
    unlockedKey = made.dataKey();
    refreshKeeper.persist(); // the sign-in for the lease brought one; keep it sealed
    engine.nudge();
  }

  /** Whether this device has enrolled (holds its key). */
  public boolean enrolled() {
    return org.fieldsync.client.internal.DeviceKey.exists(dataDir) && Vault.exists(dataDir);
  }

  /**
   * What a revoked device does: hands its unpushed revisions (signed) to the server's
   * quarantine if the server still takes them, then closes and deletes its data folder, keys
   * included. Nothing stays readable on the tablet.
   */
  private synchronized void wipeAfterRevocation() {
    if (closed) {
      return;
    }
    try {
      byte[] k = unlockedKey;
      var key = k == null ? java.util.Optional.<org.fieldsync.client.internal.DeviceKey>empty()
          : org.fieldsync.client.internal.DeviceKey.load(dataDir, k);
      var pending = k == null ? List.<org.fieldsync.client.internal.store.OutboxEntry>of()
          : store.outbox(Integer.MAX_VALUE);
      if (key.isPresent() && !pending.isEmpty()) {
        List<org.fieldsync.protocol.Revision> revs = pending.stream().map(e ->
            org.fieldsync.protocol.ProtocolCodec.decode(e.revisionJson(),
                org.fieldsync.protocol.Revision.class)).toList();
        api.quarantine(new org.fieldsync.protocol.wire.PushRequest(deviceId, revs,
            revs.stream().map(key.get()::sign).toList()));
      }
    } catch (RuntimeException e) {
      // The server took nothing (quarantine closed, or unreachable): the wipe goes ahead.
    }
    closed = true;
    unlockedKey = null;
    engine.stop();
    status.wiped();
    status.close();
    store.close();
    deleteRecursively(dataDir);
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Best effort for each file; a file that cannot be deleted is reported below.
        }
      });
    } catch (IOException e) {
      // The folder is already gone, or unreadable: nothing more to delete from here.
    }
  }

  /** Starts background sync: after each save, on each server poke, and every idle interval. */
  public void startSync() {
    ensureOpen();
    engine.start();
  }

  /** Stops background sync; local saves keep working. */
  public void stopSync() {
    engine.stop();
  }

  public SyncStatus status() {
    return status.current();
  }

  /** Adds a status listener called on the SDK's listener thread. */
  public ListenerToken addStatusListener(SyncStatusListener listener) {
    return status.add(Objects.requireNonNull(listener), null);
  }

  /** Adds a status listener called on {@code executor}. */
  public ListenerToken addStatusListener(Executor executor, SyncStatusListener listener) {
    return status.add(Objects.requireNonNull(listener), Objects.requireNonNull(executor));
  }

  /**
   * The server's signed receipts for a record's revisions, oldest first: proof of when each
   * change reached the case record. Kept even if the record later leaves the tablet.
   */
  public List<SyncReceipt> receipts(String recordId) {
    ensureOpen();
    return store.receipts(Objects.requireNonNull(recordId)).stream()
        .map(r -> new SyncReceipt(r.recordId(), r.rev(), r.seq(),
            java.time.Instant.ofEpochMilli(r.serverTime()), r.outcome(), r.verified()))
        .toList();
  }

  /**
   * The records whose latest change has not reached the server (no receipt yet), oldest change
   * first: exactly what would be lost with this tablet.
   */
  public List<String> notYetReceived() {
    ensureOpen();
    return store.outbox(Integer.MAX_VALUE).stream().map(e -> e.recordId()).toList();
  }

  /**
   * Adds a listener told which records sync merged, resolved, put under review or refused, so
   * the app can show the worker what happened to their words. Called on the SDK's listener
   * thread.
   */
  public ListenerToken addRecordListener(RecordListener listener) {
    return status.addRecords(Objects.requireNonNull(listener), null);
  }

  /** As {@link #addRecordListener(RecordListener)}, called on {@code executor}. */
  public ListenerToken addRecordListener(Executor executor, RecordListener listener) {
    return status.addRecords(Objects.requireNonNull(listener), Objects.requireNonNull(executor));
  }

  /**
   * Signs out: stops background sync and ends this device's access token on the server. Local
   * records and unpushed changes stay; the next sync signs in again with the credentials.
   */
  public void signOut() {
    ensureOpen();
    engine.stop();
    api.logout();
  }

  /** Stops sync and closes the local store. Unpushed changes stay on disk for next time. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close();
    status.close();
    store.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new FieldSyncException(FieldSyncException.CLOSED, "this FieldSync is closed");
    }
  }

  private String authorId() {
    UserInfo u = api.user();
    if (u != null) {
      return u.id();
    }
    Path f = dataDir.resolve("user-id");
    try {
      if (Files.exists(f)) {
        return Files.readString(f, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      // Fall through to the credentials' user name, which the server also accepts.
    }
    return credentials.credentials().username();
  }

  private void rememberUser() {
    UserInfo u = api.user();
    if (u != null) {
      try {
        Files.writeString(dataDir.resolve("user-id"), u.id(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // Only a cache for offline authorship; the server's answer is the truth.
      }
    }
  }

  private static String readOrCreate(Path file, java.util.function.Supplier<String> create) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String v = create.get();
      Files.writeString(file, v, StandardCharsets.UTF_8);
      return v;
    } catch (IOException e) {
      throw new FieldSyncException(FieldSyncException.STORE_FAILED,
          "cannot read or write " + file + ": " + e.getMessage());
    }
  }

  /** Opens a local store in a folder; replaced in an Android build. */
  @FunctionalInterface
  interface StoreFactory {
    LocalStore open(Path folder);
  }

  /** Builds a {@link FieldSync}. Not thread-safe; the built object is. */
  public static final class Builder {
    private URI serverUrl;
    private Path dataDir;
    private CredentialsProvider credentials;
    private Transport transport;
    private int pushBatchSize = 500;
    private int pullPageSize = 500;
    private Duration idleInterval = Duration.ofSeconds(60);
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private StoreFactory storeFactory = CouchbaseLocalStore::open;
    private String appVersion;
    private String pinnedKey;
    private char[] pin;
    private int pinMemoryKib = 65_536;
    private int pinIterations = 3;
    private int maxPinAttempts = 5;

    private Builder() {}

    /** The server's base URL, e.g. {@code https://fieldsync.example.org/}. Required. */
    /**
     * Trusts only a server whose TLS certificate carries this public key: the base64 SHA-256 of
     * its SubjectPublicKeyInfo (the server logs it at start as {@code sha256/...}).
     */
    public Builder pinnedPublicKey(String sha256Base64) {
      this.pinnedKey = java.util.Objects.requireNonNull(sha256Base64);
      return this;
    }

    /** Trusts only a server presenting this certificate's public key. */
    public Builder pinnedCertificate(java.security.cert.X509Certificate certificate) {
      return pinnedPublicKey(org.fieldsync.client.internal.JdkTransport.pinOf(certificate));
    }

    /**
     * The worker's PIN: it unlocks the device's data (with the server's lease) and is needed to
     * enrol. With a PIN, {@link #build()} also tries to unlock; if that fails the object is
     * returned locked and {@link FieldSync#unlock} says why.
     */
    public Builder pin(char[] workerPin) {
      this.pin = workerPin.clone();
      return this;
    }

    /** Argon2id cost of the PIN (default 64 MiB, 3 passes); lower only for tests. */
    public Builder pinCost(int memoryKib, int iterations) {
      this.pinMemoryKib = memoryKib;
      this.pinIterations = iterations;
      return this;
    }

    /** Wrong PINs in a row before the device's keys are destroyed (default 5). */
    public Builder maxPinAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one attempt");
      }
      this.maxPinAttempts = n;
      return this;
    }

    /** The app's version, reported to the server for the admin console's devices page. */
    public Builder appVersion(String version) {
      this.appVersion = version;
      return this;
    }

    public Builder serverUrl(URI serverUrl) {
      this.serverUrl = Objects.requireNonNull(serverUrl);
      return this;
    }

    public Builder serverUrl(String serverUrl) {
      return serverUrl(URI.create(serverUrl));
    }

    /** The folder for this device's database and identity. Required; one FieldSync per folder. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir);
      return this;
    }

    /** Supplies the worker's credentials when a token is needed. Required. */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials);
      return this;
    }

    /** A transport other than the JDK's HTTP client, e.g. OkHttp on Android. */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport);
      return this;
    }

    /** Revisions per push request, 1..2000; default 500. */
    public Builder pushBatchSize(int n) {
      if (n < 1 || n > 2000) {
        throw new IllegalArgumentException("pushBatchSize must be 1..2000");
      }
      this.pushBatchSize = n;
      return this;
    }

    /** Changes per pulled page, 1..1000; default 500. */
    public Builder pullPageSize(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("pullPageSize must be 1..1000");
      }
      this.pullPageSize = n;
      return this;
    }

    /** How often background sync polls when no poke arrives; default 60 s. */
    public Builder idleInterval(Duration d) {
      this.idleInterval = Objects.requireNonNull(d);
      return this;
    }

    /** Backoff after a failed sync: first wait about {@code base}, growing to {@code max}. */
    public Builder backoff(Duration base, Duration max) {
      this.backoffBase = Objects.requireNonNull(base);
      this.backoffMax = Objects.requireNonNull(max);
      return this;
    }

    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Objects.requireNonNull(connect);
      this.requestTimeout = Objects.requireNonNull(request);
      return this;
    }

    /**
     * Builds the FieldSync: opens (or creates) the local database.
     *
     * @throws FieldSyncException {@code store.failed} if the database cannot be opened, with the
     *     exact reason (for example a missing native library)
     */
    public FieldSync build() {
      if (serverUrl == null || dataDir == null || credentials == null) {
        throw new IllegalStateException("serverUrl, dataDir and credentials are required");
      }
      FieldSync fs = new FieldSync(this);
      if (pin != null && Vault.exists(dataDir)) {
        try {
          fs.unlock(pin);
        } catch (FieldSyncException e) {
          // Returned locked: FieldSync.unlock says why (wrong PIN, lease expired, locked out).
        }
      }
      return fs;
    }
  }
}
