package org.fieldsync.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.fieldsync.client.internal.Core;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * The SDK's entry object: a worker's records on this device, and their sync with the server.
 *
 * <p>Build <b>one</b> per data folder with {@link #builder()}, share it across the app, and {@link
 * #close()} it when the app shuts down; a second one on the same folder, in this process or
 * another, is refused ({@code store.inUse}) until the first is closed. Its configuration is fixed
 * at build time. Every save works offline; sync runs when asked ({@link #syncNow()}) or in the
 * background ({@link #startSync()}). Records can be read and saved only while the data is
 * unlocked; otherwise every call on them throws {@code vault.locked}, so a locked tablet never
 * looks empty. Every failure is a {@link FieldSyncException} with a code from {@link
 * SdkErrorCodes}. Thread-safe.
 */
public final class FieldSync implements AutoCloseable {
  private final Core core;
  private final Records<Visit> visits;
  private final Records<ChildVoiceObservation> childVoice;
  private final Records<FnspRequest> fnspRequests;
  private final Records<SupervisionNote> supervisionNotes;
  private final Records<FamilyFeedback> familyFeedback;
  private final Records<FamilyMeeting> familyMeetings;
  private final Attachments attachments;

  FieldSync(Core core) {
    this.core = core;
    this.visits = core.records(Visit.class);
    this.childVoice = core.records(ChildVoiceObservation.class);
    this.fnspRequests = core.records(FnspRequest.class);
    this.supervisionNotes = core.records(SupervisionNote.class);
    this.familyFeedback = core.records(FamilyFeedback.class);
    this.familyMeetings = core.records(FamilyMeeting.class);
    this.attachments = new Attachments(core);
  }

  /** A builder; nothing is opened until {@link FieldSyncBuilder#build()}. */
  public static FieldSyncBuilder builder() {
    return new FieldSyncBuilder();
  }

  /**
   * Unlocks the device's data with the worker's PIN. Works offline while the server's lease is
   * current; when it has run out, renews it from the server first (refused for a tablet reported
   * lost). The PIN is not kept. Too many wrong PINs destroy the keys.
   *
   * @throws FieldSyncException {@code vault.pinWrong} (the message says how many tries are left),
   *     {@code vault.lockedOut}, {@code vault.leaseExpired}, {@code vault.notReady}
   */
  public void unlock(char[] workerPin) {
    core.unlock(Objects.requireNonNull(workerPin));
  }

  /** Whether the data is unlocked, so records can be read and saved. Offline, from memory. */
  public boolean unlocked() {
    return core.security().state() == DeviceSecurity.State.UNLOCKED;
  }

  /** Whether this device has enrolled (holds its key). Offline, from the data folder. */
  public boolean enrolled() {
    DeviceSecurity.State s = core.security().state();
    return s == DeviceSecurity.State.LOCKED || s == DeviceSecurity.State.UNLOCKED;
  }

  /**
   * Enrols this device with a one-time code a sync admin created for the worker's user name, with
   * the PIN given to the builder. Needs the server: it signs the worker in with the credentials
   * (so the next sync needs no password), registers the device's new Ed25519 key, takes the
   * first lease, and unlocks the data. Does nothing if the device is already enrolled.
   *
   * @throws FieldSyncException {@code vault.pinRequired} without a PIN, {@code enrol.codeInvalid}
   *     for a wrong, used or expired code, {@code transport.unavailable} offline
   */
  public void enrol(String code, String deviceName) {
    core.enrol(Objects.requireNonNull(code), deviceName, null);
  }

  /** As {@link #enrol(String, String)}, with the PIN given here (the array is not kept). */
  public void enrol(String code, String deviceName, char[] workerPin) {
    core.enrol(Objects.requireNonNull(code), deviceName, Objects.requireNonNull(workerPin));
  }

  /** Visits. Saves and reads work offline. */
  public Records<Visit> visits() {
    return visits;
  }

  /** Child-voice observations. Saves and reads work offline. */
  public Records<ChildVoiceObservation> childVoice() {
    return childVoice;
  }

  /** FNSP requests; the server decides them. Saves and reads work offline. */
  public Records<FnspRequest> fnspRequests() {
    return fnspRequests;
  }

  /** Supervision notes. Saves and reads work offline. */
  public Records<SupervisionNote> supervisionNotes() {
    return supervisionNotes;
  }

  /** Family feedback, with a case or anonymous. Saves and reads work offline. */
  public Records<FamilyFeedback> familyFeedback() {
    return familyFeedback;
  }

  /** Family network meetings and group conferences. Saves and reads work offline. */
  public Records<FamilyMeeting> familyMeetings() {
    return familyMeetings;
  }

  /** Attachments to child-voice observations, kept encrypted on the tablet. */
  public Attachments attachments() {
    return attachments;
  }

  /** This device's id, minted on first use and kept in the data folder. Offline. */
  public String deviceId() {
    return core.deviceId();
  }

  /**
   * Pushes every local change, then pulls until caught up, on the calling thread. Needs the
   * server; offline it fails without harming anything local.
   *
   * @throws FieldSyncException when the server cannot be reached or refuses; see {@link
   *     FieldSyncException#mayHaveReachedServer()}. {@code device.wiped} once a revoked device
   *     has wiped itself.
   */
  public SyncResult syncNow() {
    return core.syncNow();
  }

  /**
   * Starts background sync: after each save, on each server poke, and every idle interval,
   * backing off while the server cannot be reached. Offline it just waits; saves need it not.
   */
  public void startSync() {
    core.requireOpen();
    core.engine().start();
  }

  /** Stops background sync and waits for a running pass; local saves keep working. */
  public void stopSync() {
    core.engine().stop();
  }

  /**
   * A hint that the platform's network is back (Android's connectivity callback, say): resets
   * the backoff and syncs at once when background sync runs. Harmless when still offline.
   */
  public void networkAvailable() {
    core.requireOpen();
    core.engine().networkAvailable();
  }

  /** The current status, counted now. Offline, from the device. */
  public SyncStatus status() {
    return core.status().current();
  }

  /** Adds a status listener called on the SDK's listener thread. Must be fast, must not throw. */
  public ListenerToken addStatusListener(SyncStatusListener listener) {
    return core.status().add(Objects.requireNonNull(listener), null);
  }

  /** Adds a status listener called on {@code executor}. */
  public ListenerToken addStatusListener(Executor executor, SyncStatusListener listener) {
    return core.status().add(Objects.requireNonNull(listener), Objects.requireNonNull(executor));
  }

  /**
   * Adds a listener told which records sync merged, resolved, put under review or refused, so
   * the app can show the worker what happened to their words. Called on the SDK's listener
   * thread; must be fast, must not throw.
   */
  public ListenerToken addRecordListener(RecordListener listener) {
    return core.status().addRecords(Objects.requireNonNull(listener), null);
  }

  /** As {@link #addRecordListener(RecordListener)}, called on {@code executor}. */
  public ListenerToken addRecordListener(Executor executor, RecordListener listener) {
    return core.status().addRecords(Objects.requireNonNull(listener),
        Objects.requireNonNull(executor));
  }

  /**
   * The server's signed receipts for a record's revisions, oldest first: proof of when each
   * change reached the case record. Kept even if the record later leaves the tablet. Offline.
   */
  public List<SyncReceipt> receipts(String recordId) {
    core.requireOpen();
    return core.store().receipts(Objects.requireNonNull(recordId)).stream()
        .map(r -> new SyncReceipt(r.recordId(), r.rev(), r.seq(),
            Instant.ofEpochMilli(r.serverTime()), r.outcome(), r.verified()))
        .toList();
  }

  /**
   * The records whose latest change has not reached the server (no receipt yet), oldest change
   * first: exactly what would be lost with this tablet. Offline; needs the data unlocked.
   */
  public List<String> notYetReceived() {
    core.requireReady();
    return core.store().outbox(Integer.MAX_VALUE).stream().map(e -> e.recordId()).toList();
  }

  /**
   * Signs out: stops background sync and ends this device's access and refresh tokens (on the
   * server when it can be reached). Local records and unpushed changes stay; the next sync signs
   * in with the credentials.
   */
  public void signOut() {
    core.requireOpen();
    core.engine().stop();
    core.api().logout();
  }

  /**
   * Stops sync, forgets the keys in memory, closes the local store and releases the data folder.
   * Unpushed changes stay on disk for next time. Idempotent.
   */
  @Override
  public void close() {
    core.close();
  }
}
