package org.fieldsync.client;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.fieldsync.client.internal.Core;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.internal.Settings;
import org.fieldsync.client.internal.SyncEngine;
import org.fieldsync.client.internal.security.PinPolicy;
import org.fieldsync.client.internal.store.CouchbaseLocalStore;
import org.fieldsync.client.spi.Transport;

/**
 * Builds a {@link FieldSync} from {@link FieldSync#builder()}: set the server, the data folder and
 * the credentials (required), then anything else, then {@link #build()}. Every setter only records
 * a value and works offline; a value out of range is refused at once with {@code
 * client.config.invalid}. Not thread-safe; the built object is.
 */
public final class FieldSyncBuilder {
  private URI serverUrl;
  private Path dataDir;
  private CredentialsProvider credentials;
  private Transport transport;
  private int pushBatchSize = 500;
  private int pullPageSize = 500;
  private Duration idleInterval = Duration.ofSeconds(60);
  private Duration backoffBase = Duration.ofSeconds(1);
  private Duration backoffMax = Duration.ofMinutes(5);
  private Duration probeInterval = Duration.ofSeconds(2);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration requestTimeout = Duration.ofSeconds(60);
  private String appVersion;
  private String pinnedKey;
  private char[] pin;
  private int pinMemoryKib = 65_536;
  private int pinIterations = 3;
  private int maxPinAttempts = 5;
  private Clock clock = Clock.systemUTC();
  private Level storeLogLevel = Level.ERROR;

  FieldSyncBuilder() {}

  /** The server's base URL, e.g. {@code https://fieldsync.example.org/}. Required. */
  public FieldSyncBuilder serverUrl(URI url) {
    this.serverUrl = required(url, "serverUrl");
    return this;
  }

  /** As {@link #serverUrl(URI)}, from text. */
  public FieldSyncBuilder serverUrl(String url) {
    try {
      return serverUrl(URI.create(required(url, "serverUrl")));
    } catch (IllegalArgumentException e) {
      throw invalid("serverUrl is not a URL: " + e.getMessage());
    }
  }

  /**
   * Trusts only a server whose TLS certificate carries this public key: the base64 SHA-256 of
   * its SubjectPublicKeyInfo (the server logs it at start as {@code sha256/...}).
   */
  public FieldSyncBuilder pinnedPublicKey(String sha256Base64) {
    JdkTransport.checkPin(required(sha256Base64, "pinnedPublicKey"));
    this.pinnedKey = sha256Base64;
    return this;
  }

  /** Trusts only a server presenting this certificate's public key. */
  public FieldSyncBuilder pinnedCertificate(X509Certificate certificate) {
    return pinnedPublicKey(JdkTransport.pinOf(required(certificate, "pinnedCertificate")));
  }

  /**
   * The worker's PIN. On an enrolled device {@link #build()} unlocks the data with it (offline,
   * while the server's lease lasts) and forgets it; on a device not yet enrolled it is held until
   * {@link FieldSync#enrol(String, String)} wraps the data key with it. Without a PIN the object
   * is built locked and {@link FieldSync#unlock(char[])} opens it. The array is copied.
   */
  public FieldSyncBuilder pin(char[] workerPin) {
    this.pin = required(workerPin, "pin").clone();
    return this;
  }

  /** Argon2id cost of the PIN for a new vault (default 64 MiB, 3 passes); lower only for tests. */
  public FieldSyncBuilder pinCost(int memoryKib, int iterations) {
    if (memoryKib < 8 || iterations < 1) {
      throw invalid("pinCost needs at least 8 KiB and one pass");
    }
    this.pinMemoryKib = memoryKib;
    this.pinIterations = iterations;
    return this;
  }

  /** Wrong PINs in a row before the device's keys are destroyed (default 5). */
  public FieldSyncBuilder maxPinAttempts(int n) {
    if (n < 1) {
      throw invalid("maxPinAttempts must be at least 1");
    }
    this.maxPinAttempts = n;
    return this;
  }

  /** The app's version, reported to the server for the admin console's devices page. */
  public FieldSyncBuilder appVersion(String version) {
    this.appVersion = version;
    return this;
  }

  /** The folder for this device's database, keys and identity. Required; one FieldSync each. */
  public FieldSyncBuilder dataDir(Path dir) {
    this.dataDir = required(dir, "dataDir");
    return this;
  }

  /**
   * Supplies the worker's credentials when a password sign-in is needed (at enrolment, after
   * signing out, or when the refresh token has lapsed). Required.
   */
  public FieldSyncBuilder credentials(CredentialsProvider provider) {
    this.credentials = required(provider, "credentials");
    return this;
  }

  /** A transport other than the JDK's HTTP client, e.g. OkHttp on Android. */
  public FieldSyncBuilder transport(Transport t) {
    this.transport = required(t, "transport");
    return this;
  }

  /** Revisions per push request, 1..2000; default 500. */
  public FieldSyncBuilder pushBatchSize(int n) {
    if (n < 1 || n > 2000) {
      throw invalid("pushBatchSize must be 1..2000");
    }
    this.pushBatchSize = n;
    return this;
  }

  /** Changes per pulled page, 1..1000; default 500. */
  public FieldSyncBuilder pullPageSize(int n) {
    if (n < 1 || n > 1000) {
      throw invalid("pullPageSize must be 1..1000");
    }
    this.pullPageSize = n;
    return this;
  }

  /** How often background sync polls when no poke arrives; default 60 s. */
  public FieldSyncBuilder idleInterval(Duration d) {
    this.idleInterval = positive(d, "idleInterval");
    return this;
  }

  /** Backoff after a failed sync: first wait about {@code base}, growing to {@code max}. */
  public FieldSyncBuilder backoff(Duration base, Duration max) {
    this.backoffBase = positive(base, "backoff base");
    this.backoffMax = positive(max, "backoff max");
    return this;
  }

  /**
   * While background sync backs off because the server could not be reached at all, how often
   * it checks (one small request) whether the server answers again, to sync at once when it
   * does; default 2 s.
   */
  public FieldSyncBuilder probeInterval(Duration d) {
    this.probeInterval = positive(d, "probeInterval");
    return this;
  }

  /** Connect and request timeouts of the JDK transport; defaults 10 s and 60 s. */
  public FieldSyncBuilder timeouts(Duration connect, Duration request) {
    this.connectTimeout = positive(connect, "connect timeout");
    this.requestTimeout = positive(request, "request timeout");
    return this;
  }

  /** The time source for leases and status times; the system clock unless a test sets one. */
  public FieldSyncBuilder clock(Clock c) {
    this.clock = required(c, "clock");
    return this;
  }

  /**
   * The lowest level of Couchbase Lite's own log that reaches the SDK's logger ({@link
   * System.Logger} {@code com.couchbase.lite}); default ERROR (at WARNING, Couchbase Lite 3.0
   * reports every finished query). Nothing is printed on stdout.
   */
  public FieldSyncBuilder storeLogLevel(Level level) {
    this.storeLogLevel = required(level, "storeLogLevel");
    return this;
  }

  /**
   * Builds the FieldSync: holds the data folder, opens (or creates) the local database, and with
   * a PIN unlocks it. Works offline, except that an expired lease is renewed from the server.
   *
   * @throws FieldSyncException {@code client.config.invalid} if a required setting is missing;
   *     {@code store.inUse} if another FieldSync (in any process) has the folder; {@code
   *     store.failed} with the exact reason if the database cannot be opened; with a PIN on an
   *     enrolled device, why it did not unlock ({@code vault.pinWrong} with the tries left, which
   *     this attempt used one of, {@code vault.leaseExpired}, {@code vault.lockedOut}). Nothing is
   *     left open when it throws.
   */
  public FieldSync build() {
    if (serverUrl == null || dataDir == null || credentials == null) {
      throw invalid("serverUrl, dataDir and credentials are required");
    }
    char[] p = pin;
    pin = null; // handed over, and zeroed once used
    try {
      return new FieldSync(Core.open(new Settings(serverUrl, dataDir, credentials, transport,
          connectTimeout, requestTimeout, pinnedKey, p,
          new PinPolicy(pinMemoryKib, pinIterations, maxPinAttempts), appVersion,
          new SyncEngine.Options(pushBatchSize, pullPageSize, idleInterval, backoffBase,
              backoffMax, probeInterval), clock, storeLogLevel, CouchbaseLocalStore::open)));
    } finally {
      if (p != null) {
        Arrays.fill(p, '\0');
      }
    }
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw invalid(name + " is required");
    }
    return value;
  }

  private static Duration positive(Duration d, String name) {
    if (required(d, name).isNegative() || d.isZero()) {
      throw invalid(name + " must be longer than zero");
    }
    return d;
  }

  private static FieldSyncException invalid(String message) {
    return new FieldSyncException(SdkErrorCodes.CONFIG_INVALID, message);
  }
}
