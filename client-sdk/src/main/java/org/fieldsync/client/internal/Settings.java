package org.fieldsync.client.internal;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.fieldsync.client.CredentialsProvider;
import org.fieldsync.client.internal.security.PinPolicy;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.spi.Transport;

/**
 * The configuration a builder fixed: an immutable snapshot (but for the PIN, which is zeroed once
 * used).
 *
 * @param serverUrl the server's base URL
 * @param dataDir the device's data folder
 * @param credentials the worker's credentials
 * @param transport a transport, or null for the JDK's
 * @param connectTimeout for the JDK transport
 * @param requestTimeout for the JDK transport
 * @param pinnedKey the server's public-key pin, or null
 * @param pin the worker's PIN, or null
 * @param pinPolicy how the PIN is stretched and how many wrong ones are allowed
 * @param appVersion reported to the server, or null
 * @param sync the sync engine's pacing
 * @param clock the time source
 * @param storeLogLevel the level at which Couchbase Lite's own log reaches the SDK's logger
 * @param openStore opens the local store in a folder (Couchbase Lite Java on the desktop)
 */
public record Settings(URI serverUrl, Path dataDir, CredentialsProvider credentials,
    Transport transport, Duration connectTimeout, Duration requestTimeout, String pinnedKey,
    char[] pin, PinPolicy pinPolicy, String appVersion, SyncEngine.Options sync, Clock clock,
    Level storeLogLevel, Function<Path, LocalStore> openStore) {}
