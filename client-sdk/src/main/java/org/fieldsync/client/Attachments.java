package org.fieldsync.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fieldsync.client.internal.Core;
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

  private final Core core;
  private final AttachmentFiles files;

  Attachments(Core core) {
    this.core = core;
    this.files = core.attachmentFiles();
  }

  /**
   * Keeps an attachment on the tablet (encrypted) and returns its reference. Works offline.
   *
   * @throws FieldSyncException {@code attachment.mediaType}, {@code attachment.tooLarge}, or
   *     {@code vault.locked} while the data is locked
   */
  public AttachmentRef add(String mediaType, String description, byte[] content) {
    core.requireReady();
    Objects.requireNonNull(content);
    if (mediaType == null || !MEDIA_TYPES.contains(mediaType)) {
      throw new FieldSyncException(SdkErrorCodes.ATTACHMENT_MEDIA_TYPE,
          "an attachment must be one of "
          + new TreeSet<>(MEDIA_TYPES));
    }
    if (content.length == 0 || content.length > MAX_BYTES) {
      throw new FieldSyncException(SdkErrorCodes.ATTACHMENT_TOO_LARGE,
          "an attachment holds 1 to " + MAX_BYTES
          + " bytes");
    }
    try {
      String sha = files.put(core.security().dataKey(), content);
      return new AttachmentRef(UuidV7.generate(), mediaType, description, sha);
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "cannot keep the attachment: " + e.getMessage());
    }
  }

  /**
   * The bytes of an attachment of a record: from the tablet, or else from the server (then kept
   * on the tablet, encrypted). Checked against the reference's SHA-256 either way. Offline, only
   * what the tablet holds can be read.
   *
   * @throws FieldSyncException {@code attachment.unavailable} when it is not on the tablet and
   *     the server did not give it, or {@code vault.locked} while the data is locked
   */
  public byte[] read(String recordId, AttachmentRef ref) {
    core.requireReady();
    byte[] key = core.security().dataKey();
    try {
      var local = files.get(key, ref.sha256());
      if (local.isPresent()) {
        return local.get();
      }
      byte[] fetched = core.api().downloadAttachment(Objects.requireNonNull(recordId),
          ref.sha256());
      if (!AttachmentFiles.sha256(fetched).equals(ref.sha256())) {
        throw new FieldSyncException(SdkErrorCodes.ATTACHMENT_UNAVAILABLE,
          "the server's copy does not match the"
            + " record's digest");
      }
      files.put(key, fetched);
      return fetched;
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "cannot read the attachment: " + e.getMessage());
    } catch (FieldSyncException e) {
      if (e.code().equals(SdkErrorCodes.ATTACHMENT_UNAVAILABLE) || e.code().startsWith("vault.")) {
        throw e;
      }
      throw new FieldSyncException(SdkErrorCodes.ATTACHMENT_UNAVAILABLE,
          "the attachment is not on this tablet and"
          + " the server did not give it: " + e.getMessage(), List.of(), e.mayHaveReachedServer(),
          e);
    }
  }
}
