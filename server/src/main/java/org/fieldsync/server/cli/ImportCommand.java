package org.fieldsync.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.caseimport.CaseImport;
import org.fieldsync.server.caseimport.ImportReport;
import org.fieldsync.server.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import FILE [--dry-run]}: applies a case file (the same NDJSON as {@code POST
 * /api/v1/integration/cases}) to the configured store, for councils whose case management system
 * drops files. Prints one JSON line per item and a summary; exit code 0 when every line applied,
 * 1 when some lines were refused (the others are applied), 2 when the file or store cannot be
 * read. Tablets see allocation changes at their next sync.
 */
@Command(name = "import", description = "Apply a case file (NDJSON: teams, cases, children,"
    + " allocations) to the store; --dry-run prints the diff and changes nothing.")
final class ImportCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "the case file (NDJSON)")
  Path file;

  @Option(names = "--dry-run", description = "print what would change; change nothing")
  boolean dryRun;

  @Override
  String name() {
    return "import";
  }

  @Override
  int run(Store store, PrintWriter out) {
    List<String> lines;
    try {
      lines = CaseImport.lines(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the case file " + file + ": "
          + e.getMessage(), e);
    }
    ImportReport r = new CaseImport(store, Clock.systemUTC()).run(lines, dryRun);
    for (ImportReport.Line l : r.lines()) {
      out.println(ProtocolCodec.encodeToString(l));
    }
    out.println((dryRun ? "dry run, nothing changed: " : "applied: ") + r.summary());
    return r.errors().isEmpty() ? 0 : 1;
  }
}
