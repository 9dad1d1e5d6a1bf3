package org.fieldsync.server;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Server configuration, from a JSON config file and {@code FIELDSYNC_*} environment variables
 * (see README). Immutable; the {@code with…} methods return copies.
 *
 * @param host interface to bind, default 127.0.0.1
 * @param port port, 0 for a random free one; default 8080
 * @param dataDir data folder for the embedded store and the generated token secret
 * @param store "sqlite" (the embedded default)
 * @param tokenSecret HS256 secret; generated and kept in the data folder when absent
 * @param tokenTtlSeconds access-token lifetime, default 900
 * @param maxBodyBytes largest request body, default 8 MiB
 * @param maxBatch most revisions per push, default 2000
 * @param maxPage most changes per pulled page, default 1000
 * @param argon2MemoryKib Argon2id memory, default 19456 (OWASP minimum)
 * @param argon2Iterations Argon2id iterations, default 2
 * @param demo load the fictional demo data at start
 * @param loginMaxFailures failed logins per user name within the window before further attempts
 *     are refused with 429 (an address gets four times as many); default 5
 * @param loginWindowSeconds the window for counting failed logins, default 900
 * @param tlsCert PEM certificate (chain) for HTTPS; with {@code tlsKey}, the server speaks only
 *     HTTPS
 * @param tlsKey PEM private key (PKCS#8) for HTTPS
 * @param tlsSelfSigned create (once) and use a self-signed development certificate in the data
 *     folder
 * @param dev development mode: plain HTTP is allowed, on loopback only ({@code demo} implies it)
 * @param leaseSeconds how long a tablet may stay offline before its data cannot be opened
 *     without renewing the lease; default 14 days
 * @param refreshSeconds how long an enrolled device's refresh token lasts unused; default 30 days
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
    long refreshSeconds) {

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Path.of("data"), "sqlite", null, 900,
        8L * 1024 * 1024, 2000, 1000, 19_456, 2, false, 5, 900, null, null, false, false,
        14L * 24 * 3600, 30L * 24 * 3600);
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
        num(json, "refreshSeconds", "FIELDSYNC_REFRESH_SECONDS", refreshSeconds));
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, dataDir, store, tokenSecret, tokenTtlSeconds, maxBodyBytes,
        maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(host, port, d, store, tokenSecret, tokenTtlSeconds, maxBodyBytes,
        maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withDemo(boolean d) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, d,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withArgon2(int memoryKib, int iterations) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, memoryKib, iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withLimits(long bodyBytes, int batch) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds, bodyBytes,
        batch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withLoginLimit(int maxFailures, int windowSeconds) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo, maxFailures,
        windowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  /** Serves HTTPS with this certificate and key (PEM files). */
  public ServerConfig withTls(String cert, String key) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, cert, key, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  /** Creates and serves a self-signed development certificate. */
  public ServerConfig withTlsSelfSigned(boolean on) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, on, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, dataDir, store, tokenSecret, tokenTtlSeconds, maxBodyBytes,
        maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo, loginMaxFailures,
        loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        refreshSeconds);
  }

  public ServerConfig withLeaseSeconds(long seconds) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, seconds,
        refreshSeconds);
  }

  /** Access tokens last this long. */
  public ServerConfig withTokenTtlSeconds(int seconds) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, seconds, maxBodyBytes,
        maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo, loginMaxFailures,
        loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds, refreshSeconds);
  }

  /** Refresh tokens last this long unused. */
  public ServerConfig withRefreshSeconds(long seconds) {
    return new ServerConfig(host, port, dataDir, store, tokenSecret, tokenTtlSeconds,
        maxBodyBytes, maxBatch, maxPage, argon2MemoryKib, argon2Iterations, demo,
        loginMaxFailures, loginWindowSeconds, tlsCert, tlsKey, tlsSelfSigned, dev, leaseSeconds,
        seconds);
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
  public String toString() { // never prints the token secret
    return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", store="
        + store + ", demo=" + demo + ", tls=" + (tls() || tlsSelfSigned) + "]";
  }

  private static String str(JsonObject j, String key, String env, String dflt) {
    Object v = j.getValue(key, j.getValue(env));
    return v == null ? dflt : v.toString();
  }

  private static long num(JsonObject j, String key, String env, long dflt) {
    Object v = j.getValue(key, j.getValue(env));
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
}
