package org.fieldsync.client.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.fieldsync.client.internal.vault.Aead;

/**
 * A small text file in the data folder, kept only encrypted under the data key (AES-256-GCM, the
 * file's name as associated data) and readable by its owner alone: the device key and the refresh
 * token. Written beside and moved into place, so a crash never leaves half a key.
 */
final class SealedFile {
  private final Path file;

  SealedFile(Path dataDir, String name) {
    this.file = dataDir.resolve(name);
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** The plain text, if the file exists; {@code store.unreadable} if it does not open. */
  Optional<String> read(byte[] dataKey) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String sealed = Files.readString(file, StandardCharsets.US_ASCII).trim();
    return Optional.of(Aead.openText(dataKey, sealed, file.getFileName().toString()));
  }

  void write(byte[] dataKey, String plain) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Aead.sealText(dataKey, plain, file.getFileName().toString()),
        StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; the app's private storage applies.
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
