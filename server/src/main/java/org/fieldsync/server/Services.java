package org.fieldsync.server;

import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.LoginLimiter;
import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.auth.ServerKeys;
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
 * @param audit the audit trail's writer for events outside other writes
 * @param logins failed-login counting
 * @param keys the server's signing key, for sync receipts
 * @param devices enrolled devices and their keys
 */
public record Services(
    ServerConfig config,
    Store store,
    PushService push,
    ChangesService changes,
    TokenService tokens,
    PasswordHasher passwords,
    AuditService audit,
    LoginLimiter logins,
    ServerKeys keys,
    DeviceRegistry devices) {}
