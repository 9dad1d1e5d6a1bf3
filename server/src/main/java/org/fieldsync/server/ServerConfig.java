package org.fieldsync.server;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.fieldsync.server.store.StoreSettings;

/**
 * Server configuration, from a JSON config file and {@code FIELDSYNC_*} environment variables
 * (see README). Immutable; {@link #with} and {@link #toBuilder()} make changed copies.
 *
 * @param host interface to bind, default 127.0.0.1
 * @param port port, 0 for a random free one; default 8080
 * @param dataDir data folder for the embedded store and the generated token secret
 * @param store "sqlite" (the embedded default) or "postgresql"
 * @param tokenSecret HS256 secret; generated and kept in the data folder when absent
 * @param tokenTtlSeconds access-token lifetime, default 900
 * @param maxBodyBytes largest request body, default 8 MiB
 * @param maxBatch most revisions per push, default 2000
 * @param maxPage most changes per pulled page, default 1000
 * @param argon2MemoryKib Argon2id memory, default 19456 (OWASP minimum)
 * @param argon2Iterations Argon2id iterations, default 2
 * @param demo load the fictional demo data at start
 * @param loginMaxFailures failed sign-ins a (user, address), a device or an address's
 *     enrolments may make before attempts must wait (1 s, doubling with each further failure, up
 *     to the window); a user name and an address get four times as many; default 5
 * @param loginWindowSeconds the longest wait, and how long a throttle remembers failures after
 *     the last one; default 900
 * @param tlsCert PEM certificate (chain) for HTTPS; with {@code tlsKey}, the server speaks only
 *     HTTPS
 * @param tlsKey PEM private key (PKCS#8) for HTTPS
 * @param tlsSelfSigned create (once) and use a self-signed development certificate in the data
 *     folder
 * @param dev development mode: plain HTTP is allowed, on loopback only ({@code demo} implies it)
 * @param leaseSeconds how long a tablet may stay offline before its data cannot be opened
 *     without renewing the lease; default 14 days
 * @param refreshSeconds how long an enrolled device's refresh token lasts unused; default 30 days
 * @param oversightRules a JSON file of oversight rules laid over Dorset's defaults (see {@code
 *     OversightRules.parse}); null for the defaults
 * @param bankHolidays gov.uk's bank-holidays JSON, to replace the shipped England and Wales
 *     holidays; null for the shipped ones
 * @param jdbcUrl the PostgreSQL JDBC URL, for {@code store=postgresql}
 * @param dbUser the PostgreSQL user
 * @param dbPassword the PostgreSQL password: from {@code FIELDSYNC_DB_PASSWORD} or read from the
 *     file {@code dbPasswordFile} / {@code FIELDSYNC_DB_PASSWORD_FILE}; never printed
 * @param dbPoolSize most PostgreSQL read connections per node, default 10 (plus 4 for writes)
 * @param secretsDir where the secrets every node must share are kept ({@code token-secret},
 *     {@code server-signing.key}, {@code lease-secret}); default the data folder. Only
 *     development mode may create them
 * @param metricsPort port of the Prometheus {@code /metrics} listener, on {@code metricsHost};
 *     0 for any free port, -1 (the default) for none
 * @param metricsHost interface of the metrics listener, default 127.0.0.1
 * @param drainSeconds on SIGTERM, the longest wait for pushes in flight, default 20
 * @param scimToken the bearer token of the SCIM provisioning client ({@code /scim/v2}); null
 *     turns SCIM off. It gives no access to any case
 * @param caseImportToken the bearer token of the case import ({@code POST
 *     /api/v1/integration/cases}); null turns the route off
 * @param activationSeconds how long a new user's activation code lasts, default 7 days
 * @param exports a JSON file naming the export sinks and exportable states (see
 *     docs/integration.md); null exports nothing
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String store,
    String tokenSecret,
    int tokenTtlSeconds,
    long maxBodyBytes,
    int maxBatch,
    int maxPage,
    int argon2MemoryKib,
    int argon2Iterations,
    boolean demo,
    int loginMaxFailures,
    int loginWindowSeconds,
    String tlsCert,
    String tlsKey,
    boolean tlsSelfSigned,
    boolean dev,
    long leaseSeconds,
    long refreshSeconds,
    String oversightRules,
    String bankHolidays,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Path secretsDir,
    int metricsPort,
    String metricsHost,
    int drainSeconds,
    String scimToken,
    String caseImportToken,
    long activationSeconds,
    String exports) {

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Path.of("data"), "sqlite", null, 900,
        8L * 1024 * 1024, 2000, 1000, 19_456, 2, false, 5, 900, null, null, false, false,
        14L * 24 * 3600, 30L * 24 * 3600, null, null, null, null, null, 10, null, -1, "127.0.0.1",
        20, null, null, 7L * 24 * 3600, null);
  }

  /** Applies the keys present in {@code json} (config file keys or FIELDSYNC_* variables). */
  public ServerConfig merge(JsonObject json) {
    return new ServerConfig(
        str(json, "host", "FIELDSYNC_HOST", host),
        (int) num(json, "port", "FIELDSYNC_PORT", port),
        Path.of(str(json, "dataDir", "FIELDSYNC_DATA_DIR", dataDir.toString())),
        str(json, "store", "FIELDSYNC_STORE", store),
        str(json, "tokenSecret", "FIELDSYNC_TOKEN_SECRET", tokenSecret),
        (int) num(json, "tokenTtlSeconds", "FIELDSYNC_TOKEN_TTL_SECONDS", tokenTtlSeconds),
        num(json, "maxBodyBytes", "FIELDSYNC_MAX_BODY_BYTES", maxBodyBytes),
        (int) num(json, "maxBatch", "FIELDSYNC_MAX_BATCH", maxBatch),
        (int) num(json, "maxPage", "FIELDSYNC_MAX_PAGE", maxPage),
        (int) num(json, "argon2MemoryKib", "FIELDSYNC_ARGON2_MEMORY_KIB", argon2MemoryKib),
        (int) num(json, "argon2Iterations", "FIELDSYNC_ARGON2_ITERATIONS", argon2Iterations),
        Boolean.parseBoolean(str(json, "demo", "FIELDSYNC_DEMO", String.valueOf(demo))),
        (int) num(json, "loginMaxFailures", "FIELDSYNC_LOGIN_MAX_FAILURES", loginMaxFailures),
        (int) num(json, "loginWindowSeconds", "FIELDSYNC_LOGIN_WINDOW_SECONDS",
            loginWindowSeconds),
        str(json, "tlsCert", "FIELDSYNC_TLS_CERT", tlsCert),
        str(json, "tlsKey", "FIELDSYNC_TLS_KEY", tlsKey),
        Boolean.parseBoolean(str(json, "tlsSelfSigned", "FIELDSYNC_TLS_SELF_SIGNED",
            String.valueOf(tlsSelfSigned))),
        Boolean.parseBoolean(str(json, "dev", "FIELDSYNC_DEV", String.valueOf(dev))),
        num(json, "leaseSeconds", "FIELDSYNC_LEASE_SECONDS", leaseSeconds),
        num(json, "refreshSeconds", "FIELDSYNC_REFRESH_SECONDS", refreshSeconds),
        str(json, "oversightRules", "FIELDSYNC_OVERSIGHT_RULES", oversightRules),
        str(json, "bankHolidays", "FIELDSYNC_BANK_HOLIDAYS", bankHolidays),
        str(json, "jdbcUrl", "FIELDSYNC_JDBC_URL", jdbcUrl),
        str(json, "dbUser", "FIELDSYNC_DB_USER", dbUser),
        password(json, dbPassword),
        (int) num(json, "dbPoolSize", "FIELDSYNC_DB_POOL_SIZE", dbPoolSize),
        path(str(json, "secretsDir", "FIELDSYNC_SECRETS_DIR", null), secretsDir),
        (int) num(json, "metricsPort", "FIELDSYNC_METRICS_PORT", metricsPort),
        str(json, "metricsHost", "FIELDSYNC_METRICS_HOST", metricsHost),
        (int) num(json, "drainSeconds", "FIELDSYNC_DRAIN_SECONDS", drainSeconds),
        str(json, "scimToken", "FIELDSYNC_SCIM_TOKEN", scimToken),
        str(json, "caseImportToken", "FIELDSYNC_CASE_IMPORT_TOKEN", caseImportToken),
        num(json, "activationSeconds", "FIELDSYNC_ACTIVATION_SECONDS", activationSeconds),
        str(json, "exports", "FIELDSYNC_EXPORTS", exports));
  }

  /** The database password: given, or read from the file named, or as before. */
  private static String password(JsonObject json, String dflt) {
    String file = str(json, "dbPasswordFile", "FIELDSYNC_DB_PASSWORD_FILE", null);
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the database password file " + file, e);
      }
    }
    return str(json, "dbPassword", "FIELDSYNC_DB_PASSWORD", dflt);
  }

  private static Path path(String given, Path dflt) {
    return given == null ? dflt : Path.of(given);
  }

  /** The store these settings name ({@code postgres} is taken for {@code postgresql}). */
  public StoreSettings storeSettings() {
    String kind = "postgres".equals(store) ? "postgresql" : store;
    return new StoreSettings(kind, dataDir, jdbcUrl, dbUser, dbPassword, dbPoolSize);
  }

  /** Where the shared secrets are: {@code secretsDir}, or the data folder. */
  public Path secrets() {
    return secretsDir == null ? dataDir : secretsDir;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy with some values changed, for example
   * {@code config.with(b -> b.port(0).dataDir(dir))}.
   */
  public ServerConfig with(Consumer<Builder> change) {
    Builder b = toBuilder();
    change.accept(b);
    return b.build();
  }

  /** Whether HTTPS is configured. */
  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  /** Development mode: set explicitly, or implied by the demo data. */
  public boolean development() {
    return dev || demo;
  }

  @Override
  public String toString() { // never prints the token secret, nor the integration tokens
    return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", store="
        + store + (jdbcUrl == null ? "" : ", jdbcUrl=" + storeSettings().safeUrl()) + ", demo="
        + demo + ", tls=" + (tls() || tlsSelfSigned) + "]";
  }

  /** The environment variable wins over the file's key (README: defaults, file, env, flags). */
  private static String str(JsonObject j, String key, String env, String dflt) {
    Object v = j.getValue(env, j.getValue(key));
    return v == null ? dflt : v.toString();
  }

  private static long num(JsonObject j, String key, String env, long dflt) {
    Object v = j.getValue(env, j.getValue(key));
    if (v == null) {
      return dflt;
    }
    try {
      return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("configuration " + key + "/" + env
          + " must be a number, not '" + v + "'", e);
    }
  }

  /** Builds a configuration one value at a time; each setter is named after its component. */
  public static final class Builder {
    private String host;
    private int port;
    private Path dataDir;
    private String store;
    private String tokenSecret;
    private int tokenTtlSeconds;
    private long maxBodyBytes;
    private int maxBatch;
    private int maxPage;
    private int argon2MemoryKib;
    private int argon2Iterations;
    private boolean demo;
    private int loginMaxFailures;
    private int loginWindowSeconds;
    private String tlsCert;
    private String tlsKey;
    private boolean tlsSelfSigned;
    private boolean dev;
    private long leaseSeconds;
    private long refreshSeconds;
    private String oversightRules;
    private String bankHolidays;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private int dbPoolSize;
    private Path secretsDir;
    private int metricsPort;
    private String metricsHost;
    private int drainSeconds;
    private String scimToken;
    private String caseImportToken;
    private long activationSeconds;
    private String exports;

    private Builder(ServerConfig c) {
      host = c.host;
      port = c.port;
      dataDir = c.dataDir;
      store = c.store;
      tokenSecret = c.tokenSecret;
      tokenTtlSeconds = c.tokenTtlSeconds;
      maxBodyBytes = c.maxBodyBytes;
      maxBatch = c.maxBatch;
      maxPage = c.maxPage;
      argon2MemoryKib = c.argon2MemoryKib;
      argon2Iterations = c.argon2Iterations;
      demo = c.demo;
      loginMaxFailures = c.loginMaxFailures;
      loginWindowSeconds = c.loginWindowSeconds;
      tlsCert = c.tlsCert;
      tlsKey = c.tlsKey;
      tlsSelfSigned = c.tlsSelfSigned;
      dev = c.dev;
      leaseSeconds = c.leaseSeconds;
      refreshSeconds = c.refreshSeconds;
      oversightRules = c.oversightRules;
      bankHolidays = c.bankHolidays;
      jdbcUrl = c.jdbcUrl;
      dbUser = c.dbUser;
      dbPassword = c.dbPassword;
      dbPoolSize = c.dbPoolSize;
      secretsDir = c.secretsDir;
      metricsPort = c.metricsPort;
      metricsHost = c.metricsHost;
      drainSeconds = c.drainSeconds;
      scimToken = c.scimToken;
      caseImportToken = c.caseImportToken;
      activationSeconds = c.activationSeconds;
      exports = c.exports;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder store(String v) {
      store = v;
      return this;
    }

    public Builder tokenSecret(String v) {
      tokenSecret = v;
      return this;
    }

    public Builder tokenTtlSeconds(int v) {
      tokenTtlSeconds = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder maxBatch(int v) {
      maxBatch = v;
      return this;
    }

    public Builder maxPage(int v) {
      maxPage = v;
      return this;
    }

    public Builder argon2MemoryKib(int v) {
      argon2MemoryKib = v;
      return this;
    }

    public Builder argon2Iterations(int v) {
      argon2Iterations = v;
      return this;
    }

    public Builder demo(boolean v) {
      demo = v;
      return this;
    }

    public Builder loginMaxFailures(int v) {
      loginMaxFailures = v;
      return this;
    }

    public Builder loginWindowSeconds(int v) {
      loginWindowSeconds = v;
      return this;
    }

    public Builder tlsCert(String v) {
      tlsCert = v;
      return this;
    }

    public Builder tlsKey(String v) {
      tlsKey = v;
      return this;
    }

    public Builder tlsSelfSigned(boolean v) {
      tlsSelfSigned = v;
      return this;
    }

    public Builder dev(boolean v) {
      dev = v;
      return this;
    }

    public Builder leaseSeconds(long v) {
      leaseSeconds = v;
      return this;
    }

    public Builder refreshSeconds(long v) {
      refreshSeconds = v;
      return this;
    }

    public Builder oversightRules(String file) {
      oversightRules = file;
      return this;
    }

    public Builder bankHolidays(String file) {
      bankHolidays = file;
      return this;
    }

    public Builder jdbcUrl(String v) {
      jdbcUrl = v;
      return this;
    }

    public Builder dbUser(String v) {
      dbUser = v;
      return this;
    }

    public Builder dbPassword(String v) {
      dbPassword = v;
      return this;
    }

    public Builder dbPoolSize(int v) {
      dbPoolSize = v;
      return this;
    }

    public Builder secretsDir(Path v) {
      secretsDir = v;
      return this;
    }

    public Builder metricsPort(int v) {
      metricsPort = v;
      return this;
    }

    public Builder metricsHost(String v) {
      metricsHost = v;
      return this;
    }

    public Builder drainSeconds(int v) {
      drainSeconds = v;
      return this;
    }

    public Builder scimToken(String v) {
      scimToken = v;
      return this;
    }

    public Builder caseImportToken(String v) {
      caseImportToken = v;
      return this;
    }

    public Builder activationSeconds(long v) {
      activationSeconds = v;
      return this;
    }

    public Builder exports(String file) {
      exports = file;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
          maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
          loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev,
          leaseSeconds, refreshSeconds, oversightRules, bankHolidays, jdbcUrl, dbUser, dbPassword,
          dbPoolSize, secretsDir, metricsPort, metricsHost, drainSeconds, scimToken,
          caseImportToken, activationSeconds, exports);
    }
  }
}
