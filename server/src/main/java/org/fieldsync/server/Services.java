package org.fieldsync.server;

import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.auth.TokenService;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.ChangesService;
import org.fieldsync.server.sync.PushService;

/**
 * The shared services of one server, built once and handed to every verticle instance.
 *
 * @param config configuration
 * @param store storage
 * @param push push with group commit
 * @param changes change feed
 * @param tokens access tokens
 * @param passwords password hashing
 */
public record Services(
    ServerConfig config,
    Store store,
    PushService push,
    ChangesService changes,
    TokenService tokens,
    PasswordHasher passwords) {}
