package org.fieldsync.client.internal.store;

import com.couchbase.lite.CouchbaseLite;
import com.couchbase.lite.Database;
import com.couchbase.lite.LogLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads Couchbase Lite's native library, once per JVM, so that an app never has to.
 *
 * <p>On Linux x86_64, Couchbase Lite Java 3.0.0's {@code libLiteCore.so} needs ICU 54, which no
 * current distribution ships. The build compiles three small forwarding libraries with the ICU 54
 * SONAMEs into this jar (see {@code src/main/native}); this class extracts them to a private
 * folder and {@link System#load}s them before {@link CouchbaseLite#init}, so the dynamic linker
 * satisfies LiteCore's dependencies by SONAME. No {@code LD_LIBRARY_PATH}, no manual step. The
 * rejected alternative, bundling a real ICU 54, would add 30 MB and an unpatched ICU.
 */
public final class NativeLibraries {
  private static final String RESOURCE_DIR = "/org/fieldsync/client/native/linux-x86_64/";
  /** Dependency order: icuuc and icui18n need nothing from each other at load time. */
  private static final String[] SHIM = {"libicudata.so.54", "libicuuc.so.54", "libicui18n.so.54"};

  private static boolean loaded;

  private NativeLibraries() {}

  /**
   * Loads the shim (where needed) and initialises Couchbase Lite. Idempotent and thread-safe.
   *
   * @throws LocalStoreException saying which library failed to load, on which platform, and why
   */
  public static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("fieldsync-native-");
      scratch.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new LocalStoreException("cannot create a scratch folder for Couchbase Lite's native "
          + "libraries in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
    if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      loadShim(scratch, os, arch);
    }
    Throwable[] failed = new Throwable[1];
    // Couchbase Lite prints a line on stdout while it initialises; StoreLogs catches it.
    StoreLogs.capturingStdout(() -> {
      try {
        CouchbaseLite.init(false, scratch.resolve("db").toFile(), scratch.resolve("cbl").toFile());
        Database.log.getConsole().setLevel(LogLevel.NONE);
      } catch (Throwable e) { // UnsatisfiedLinkError is an Error, and it is the one we expect
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw new LocalStoreException("Couchbase Lite's native library could not be loaded on "
          + os + "/" + arch + " (Couchbase Lite Java 3.0.0 ships Linux x86_64, Windows x86_64 "
          + "and macOS x86_64 only): " + failed[0], failed[0]);
    }
    loaded = true;
  }

  private static void loadShim(Path scratch, String os, String arch) {
    Path dir = scratch.resolve("icu54");
    for (String lib : SHIM) {
      Path target = dir.resolve(lib);
      try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + lib)) {
        if (in == null) {
          throw new LocalStoreException("the ICU 54 shim " + lib + " is missing from the FieldSync"
              + " SDK jar for " + os + "/" + arch + "; the build compiles it with gcc (see "
              + "client-sdk/src/main/native)", null);
        }
        Files.createDirectories(dir);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new LocalStoreException("cannot extract the ICU 54 shim " + lib + " to " + target
            + ": " + e.getMessage(), e);
      }
      try {
        System.load(target.toAbsolutePath().toString());
      } catch (UnsatisfiedLinkError e) {
        throw new LocalStoreException("cannot load the ICU 54 shim " + target + " on " + os + "/"
            + arch + ": " + e.getMessage() + " (is the system ICU library, e.g. libicu72, "
            + "installed?)", e);
      }
    }
  }
}
