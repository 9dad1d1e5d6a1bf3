package org.fieldsync.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder is the server's and nobody else's: the folder is {@code 0700} and every file
 * the server keeps in it (the database and its {@code -wal} and {@code -shm}, the token, lease
 * and signing secrets, the TLS key) is {@code 0600}, whatever the process's umask. Modes are set
 * explicitly after creating ({@code chmod} is not masked by the umask, as a create mode is), and
 * an older folder or file found more open is tightened at start.
 *
 * <p>A secret is created empty and owner-only before any byte of it is written, so there is no
 * moment when a readable file holds it. On a file system without POSIX modes (a Windows
 * development machine) nothing is changed, and a warning says so once.
 */
public final class DataFolder {
  private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString(
      "rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString(
      "rw-------");
  private static volatile boolean warned;

  private DataFolder() {}

  /** Creates the folder (and its parents) if needed, and makes it owner-only. */
  public static Path secure(Path dir) throws IOException {
    Files.createDirectories(dir);
    restrict(dir, FOLDER);
    return dir;
  }

  /** Makes a file owner-only, creating it empty when absent. */
  public static Path ownerOnlyFile(Path file) throws IOException {
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException exists) {
      // Made earlier (perhaps by an older version, more open): tightened below.
    }
    restrict(file, FILE);
    return file;
  }

  /** Makes a file owner-only if it exists. */
  public static void ownerOnlyIfPresent(Path file) throws IOException {
    if (Files.exists(file)) {
      restrict(file, FILE);
    }
  }

  /** Writes a secret (text) to a new or existing file that is owner-only before it is written. */
  public static void writeSecret(Path file, String text) throws IOException {
    ownerOnlyFile(file);
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  /** Reads a secret, tightening its file first if an older version left it more open. */
  public static String readSecret(Path file) throws IOException {
    restrict(file, FILE);
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }

  private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(p).equals(mode)) {
        Files.setPosixFilePermissions(p, mode);
      }
    } catch (UnsupportedOperationException e) {
      if (!warned) {
        warned = true;
        LOG.warn("the file system of {} has no POSIX modes: keep the data folder where only the"
            + " server's account can read it", p);
      }
    }
  }
}
