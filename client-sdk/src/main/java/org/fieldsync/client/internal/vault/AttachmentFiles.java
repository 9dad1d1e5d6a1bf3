package org.fieldsync.client.internal.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.fieldsync.protocol.Digests;

/**
 * Attachments on the tablet: one file per attachment in {@code attachments/}, named by the
 * SHA-256 of its bytes and holding them only encrypted (AES-256-GCM under the data key, the digest
 * as associated data). A marker file records that a case's server copy exists, so the bytes go up
 * once. Files are written beside and moved into place, so a crash never leaves half an attachment.
 */
public final class AttachmentFiles {
  private final Path dir;

  public AttachmentFiles(Path dataDir) {
    this.dir = dataDir.resolve("attachments");
  }

  /** SHA-256 of bytes, lower-case hex. */
  public static String sha256(byte[] bytes) {
    return Digests.sha256Hex(bytes);
  }

  private static byte[] aad(String sha) {
    return ("attachment:" + sha).getBytes(StandardCharsets.US_ASCII);
  }

  private Path file(String sha) {
    if (!sha.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 digest");
    }
    return dir.resolve(sha);
  }

  /** Keeps the bytes, encrypted; returns their digest. */
  public String put(byte[] dataKey, byte[] content) throws IOException {
    String sha = sha256(content);
    Path target = file(sha);
    if (Files.exists(target)) {
      return sha;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "incoming", ".part");
    try {
      Files.write(tmp, Aead.seal(dataKey, content, aad(sha)));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return sha;
  }

  /** The bytes, if this tablet holds them and they decrypt to their digest. */
  public Optional<byte[]> get(byte[] dataKey, String sha) throws IOException {
    Path f = file(sha);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    byte[] plain = Aead.open(dataKey, Files.readAllBytes(f), aad(sha));
    return plain != null && sha256(plain).equals(sha) ? Optional.of(plain) : Optional.empty();
  }

  private Path marker(String caseId, String sha) {
    return dir.resolve(sha + "." + sha256(caseId.getBytes(StandardCharsets.UTF_8))
        .substring(0, 16) + ".sent");
  }

  /** Whether the server is known to hold these bytes for the case. */
  public boolean sent(String caseId, String sha) {
    return Files.exists(marker(caseId, sha));
  }

  public void markSent(String caseId, String sha) throws IOException {
    Files.createDirectories(dir);
    if (!Files.exists(marker(caseId, sha))) {
      Files.createFile(marker(caseId, sha));
    }
  }
}
