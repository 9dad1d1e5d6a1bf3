package org.fieldsync.server.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * File drop, for case management systems that import files: each day's messages are appended,
 * one per line, to {@code DIR/fieldsync-export-YYYY-MM-DD.ndjson} (UTC), forced to disk, and the
 * day's manifest {@code DIR/fieldsync-export-YYYY-MM-DD.manifest.json} is rewritten (atomically)
 * with the file's line count and SHA-256, so an importer can check it has the whole file. A line
 * may appear twice after a crash (at-least-once); importers dedup by {@code idempotencyKey}.
 */
final class FileSink implements Sink {
  private final Path dir;
  private final Clock clock;

  FileSink(ExportSettings.Sink s, Clock clock) {
    this.dir = Path.of(s.dir());
    this.clock = clock;
  }

  static String fileName(LocalDate day) {
    return "fieldsync-export-" + day + ".ndjson";
  }

  @Override
  public synchronized List<Result> deliver(List<Message> batch) {
    List<Result> out = new ArrayList<>();
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Path file = dir.resolve(fileName(day));
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        for (Message m : batch) {
          byte[] line = new byte[m.body().length + 1];
          System.arraycopy(m.body(), 0, line, 0, m.body().length);
          line[line.length - 1] = '\n';
          ByteBuffer buf = ByteBuffer.wrap(line);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
        ch.force(true);
      }
      writeManifest(day, file);
      for (int i = 0; i < batch.size(); i++) {
        out.add(new Result(true, false, "appended to " + file.getFileName()));
      }
    } catch (IOException e) {
      for (int i = 0; i < batch.size(); i++) {
        out.add(new Result(false, false, "IOException: " + e.getMessage()));
      }
    }
    return out;
  }

  private void writeManifest(LocalDate day, Path file) throws IOException {
    MessageDigest sha = Digests.sha256();
    long lines = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        for (int i = 0; i < n; i++) {
          lines += buf[i] == '\n' ? 1 : 0;
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", ExportMessage.SCHEMA);
    m.put("file", file.getFileName().toString());
    m.put("day", day.toString());
    m.put("lines", lines);
    m.put("bytes", Files.size(file));
    m.put("sha256", HexFormat.of().formatHex(sha.digest()));
    m.put("updatedAt", clock.instant().toString());
    Path manifest = dir.resolve("fieldsync-export-" + day + ".manifest.json");
    Path tmp = dir.resolve(manifest.getFileName() + ".tmp");
    Files.write(tmp, ProtocolCodec.encodeToString(m).getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
