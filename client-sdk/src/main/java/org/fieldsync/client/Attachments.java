package org.fieldsync.client;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.fieldsync.client.internal.ServerApi;
import org.fieldsync.client.internal.vault.AttachmentFiles;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.ChildVoiceObservation.AttachmentRef;

/**
 * Attachments to child-voice observations: a photo of a drawing, an audio clip. {@link #add} keeps
 * the bytes on the tablet, encrypted under the device's data key, and returns the reference to
 * put in the record's {@code attachments}; sync sends the bytes up before the record. {@link
 * #read} opens them from the tablet, or fetches them from the server for a record this worker
 * may read.
 */
public final class Attachments {
  /** Media types an attachment may have (the server accepts the same). */
  public static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/webp",
      "audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav", "application/pdf");
  /** The largest attachment, in bytes (the server's default body limit is 8 MiB). */
  public static final int MAX_BYTES = 8_000_000;
  public static final String CODE_MEDIA_TYPE = "attachment.mediaType";
  public static final String CODE_TOO_LARGE = "attachment.tooLarge";
  /** Not on this tablet, and the server could not be asked or does not have it. */
  public static final String CODE_UNAVAILABLE = "attachment.unavailable";

  private final AttachmentFiles files;
  private final Supplier<byte[]> dataKey;
  private final ServerApi api;
  private final Runnable ensureOpen;

  Attachments(AttachmentFiles files, Supplier<byte[]> dataKey, ServerApi api,
      Runnable ensureOpen) {
    this.files = files;
    this.dataKey = dataKey;
    this.api = api;
    this.ensureOpen = ensureOpen;
  }

  /**
   * Keeps an attachment on the tablet (encrypted) and returns its reference. Works offline.
   *
   * @throws FieldSyncException {@code attachment.mediaType}, {@code attachment.tooLarge}, or
   *     the data is locked
   */
  public AttachmentRef add(String mediaType, String description, byte[] content) {
    ensureOpen.run();
    Objects.requireNonNull(content);
    if (mediaType == null || !MEDIA_TYPES.contains(mediaType)) {
      throw new FieldSyncException(CODE_MEDIA_TYPE, "an attachment must be one of "
          + new java.util.TreeSet<>(MEDIA_TYPES));
    }
    if (content.length == 0 || content.length > MAX_BYTES) {
      throw new FieldSyncException(CODE_TOO_LARGE, "an attachment holds 1 to " + MAX_BYTES
          + " bytes");
    }
    try {
      String sha = files.put(dataKey.get(), content);
      return new AttachmentRef(UuidV7.generate(), mediaType, description, sha);
    } catch (IOException e) {
      throw new FieldSyncException(FieldSyncException.STORE_FAILED,
          "cannot keep the attachment: " + e.getMessage());
    }
  }

  /**
   * The bytes of an attachment of a record: from the tablet, or else from the server (then kept
   * on the tablet, encrypted). Checked against the reference's SHA-256 either way.
   */
  public byte[] read(String recordId, AttachmentRef ref) {
    ensureOpen.run();
    byte[] key = dataKey.get();
    try {
      var local = files.get(key, ref.sha256());
      if (local.isPresent()) {
        return local.get();
      }
      byte[] fetched = api.downloadAttachment(Objects.requireNonNull(recordId), ref.sha256());
      if (!AttachmentFiles.sha256(fetched).equals(ref.sha256())) {
        throw new FieldSyncException(CODE_UNAVAILABLE, "the server's copy does not match the"
            + " record's digest");
      }
      files.put(key, fetched);
      return fetched;
    } catch (IOException e) {
      throw new FieldSyncException(FieldSyncException.STORE_FAILED,
          "cannot read the attachment: " + e.getMessage());
    } catch (FieldSyncException e) {
      if (e.code().equals(CODE_UNAVAILABLE) || e.code().startsWith("vault.")) {
        throw e;
      }
      throw new FieldSyncException(CODE_UNAVAILABLE, "the attachment is not on this tablet and"
          + " the server did not give it: " + e.getMessage(), java.util.List.of(), false, e);
    }
  }
}
