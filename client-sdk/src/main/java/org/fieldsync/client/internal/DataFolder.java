package org.fieldsync.client.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;

/**
 * A device's data folder, held by one FieldSync at a time. The hold is an OS file lock on {@code
 * fieldsync.lock}, so it works across processes as well as within one (where the JDK reports the
 * overlap itself): two writers on one outbox is how work gets lost. The OS releases the lock if
 * the process dies, so a crash never leaves the folder held. Couchbase Lite's own file locking was
 * the rejected alternative: it lets two handles in one process open the same database.
 */
public final class DataFolder implements AutoCloseable {
  private static final Logger LOG = System.getLogger(DataFolder.class.getName());
  private static final String LOCK = "fieldsync.lock";
  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataFolder(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the folder if needed and holds it.
   *
   * @throws FieldSyncException {@code store.inUse} if another FieldSync holds it, {@code
   *     store.failed} if it cannot be created
   */
  public static DataFolder hold(Path dir) {
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw inUse(dir, "another process");
      }
      return new DataFolder(dir, ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw inUse(dir, "another FieldSync in this process");
    } catch (FieldSyncException e) {
      closeQuietly(ch);
      throw e;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED, "cannot create or lock the data"
          + " folder " + dir + ": " + e.getMessage(), List.of(), false, e);
    }
  }

  private static FieldSyncException inUse(Path dir, String who) {
    return new FieldSyncException(SdkErrorCodes.STORE_IN_USE, "the data folder " + dir
        + " is already open in " + who + ": build one FieldSync per folder and share it");
  }

  public Path path() {
    return dir;
  }

  /** A small text file of the folder, made with {@code create} the first time. */
  public String readOrCreate(String name, Supplier<String> create) {
    Path file = dir.resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String v = create.get();
      Files.writeString(file, v, StandardCharsets.UTF_8);
      return v;
    } catch (IOException e) {
      throw new FieldSyncException(SdkErrorCodes.STORE_FAILED,
          "cannot read or write " + file + ": " + e.getMessage());
    }
  }

  /** Releases the folder for another FieldSync. Idempotent. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "releasing the data folder lock: " + e.getMessage());
    }
    closeQuietly(channel);
  }

  /** Releases the folder and deletes it with everything in it (a wiped device). */
  public void delete() {
    close();
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot delete " + p + " from a wiped device: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot list " + dir + " to wipe it: " + e.getMessage());
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing the lock file: " + e.getMessage());
    }
  }
}
