package org.fieldsync.client;

import org.fieldsync.protocol.ErrorCodes;

/**
 * Every code a {@link FieldSyncException} can carry that the SDK itself gives, or that the server
 * gives and the SDK acts on. A code never changes meaning once published; messages are for people
 * and may change. Validation codes ({@code record.invalid} with field errors such as {@code
 * visit.childrenSeen.required}) and the server's other problem codes come from {@link
 * ErrorCodes}; a server code the SDK does not know is passed through as it is.
 */
public final class SdkErrorCodes {
  private SdkErrorCodes() {}

  // The network.

  /**
   * The server could not be reached, or the connection broke. {@link
   * FieldSyncException#mayHaveReachedServer()} says whether the request may have arrived.
   */
  public static final String TRANSPORT_UNAVAILABLE = "transport.unavailable";
  /** The server's TLS certificate is not trusted (not the pinned key, or no valid chain). */
  public static final String TRANSPORT_UNTRUSTED = "transport.tls.untrusted";
  /** Plain HTTP to a host that is not this machine: refused before anything is sent. */
  public static final String TRANSPORT_INSECURE = "transport.insecure";
  /** The server answered something that is not protocol (a half page, HTML from a proxy). */
  public static final String RESPONSE_UNREADABLE = "transport.response.unreadable";

  // This device and its keys.

  /** This device is not enrolled: a sync admin's one-time code enrols it (a server code). */
  public static final String DEVICE_NOT_ENROLLED = "device.notEnrolled";
  /** A sync admin revoked this device; it wipes its data (a server code). */
  public static final String DEVICE_REVOKED = "device.revoked";
  /** A sync admin reported this device lost; it wipes its data (a server code). */
  public static final String DEVICE_LOST = "device.lost";
  /** This device wiped its data after it was revoked; this FieldSync is closed. */
  public static final String DEVICE_WIPED = "device.wiped";
  /** The data is locked: {@link FieldSync#unlock(char[])} with the worker's PIN first. */
  public static final String VAULT_LOCKED = "vault.locked";
  /** The device has not enrolled yet, so it has no data key: enrol it first. */
  public static final String VAULT_NOT_READY = "vault.notReady";
  /** Enrolment needs the worker's PIN (on the builder, or passed to enrol). */
  public static final String VAULT_PIN_REQUIRED = "vault.pinRequired";
  /** A wrong PIN; the message says how many tries are left. */
  public static final String VAULT_PIN_WRONG = "vault.pinWrong";
  /** Too many wrong PINs destroyed the keys: the data can no longer be opened. */
  public static final String VAULT_LOCKED_OUT = "vault.lockedOut";
  /** Offline longer than the lease allows (or reported lost): connect to renew it. */
  public static final String VAULT_LEASE_EXPIRED = "vault.leaseExpired";

  // The data on this device.

  /** The local database or a file in the data folder failed; the message says which and why. */
  public static final String STORE_FAILED = "store.failed";
  /** A stored value does not open with this device's key (altered or damaged on disk). */
  public static final String STORE_UNREADABLE = "store.unreadable";
  /** Another FieldSync, in this process or another, has this data folder open. */
  public static final String STORE_IN_USE = "store.inUse";
  public static final String RECORD_NOT_FOUND = "record.notFound";
  /** A save without a body. */
  public static final String RECORD_BODY_REQUIRED = "record.body.required";
  /** A record that breaks a rule; {@link FieldSyncException#fieldErrors()} says which. */
  public static final String RECORD_INVALID = ErrorCodes.RECORD_INVALID;
  /** Attention: a record under review because of a concurrent change ({@link Attention}). */
  public static final String SYNC_CONFLICT = "sync.conflict";
  /** Attention field code: this field is one a sync admin must decide. */
  public static final String CONFLICT_FIELD = "conflict.field";
  /** Attention: the server refused a record without saying why in a form the SDK knows. */
  public static final String RECORD_REJECTED = "record.rejected";
  public static final String ATTACHMENT_MEDIA_TYPE = "attachment.mediaType";
  public static final String ATTACHMENT_TOO_LARGE = "attachment.tooLarge";
  /** Not on this tablet, and the server could not be asked or does not have it. */
  public static final String ATTACHMENT_UNAVAILABLE = "attachment.unavailable";

  // The SDK object.

  /** This FieldSync is closed. */
  public static final String CLOSED = "client.closed";
  /** A builder setting is missing or out of range; the message names it. */
  public static final String CONFIG_INVALID = "client.config.invalid";
}
