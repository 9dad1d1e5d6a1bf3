package org.fieldsync.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.store.ScanPage;
import org.fieldsync.server.store.SqliteStore;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreSettings;
import picocli.CommandLine.Command;

/**
 * {@code verify-store}: checks a data folder's store the way an operator needs after a crash, a
 * disk problem or a restore, and prints a report people can read: SQLite's own integrity check
 * (and a cut-short write-ahead log), every stored revision against its rev, every attachment
 * against its SHA-256, and the audit trail's hash chain. Exit code 0 when all of it holds, 1 when
 * anything is damaged, 2 when the store cannot be opened. It opens the store without migrating
 * it, so it changes nothing; run it with the server stopped.
 */
@Command(name = "verify-store", mixinStandardHelpOptions = true,
    description = "Check the store: SQLite's integrity check, every revision against its rev,"
        + " every attachment against its SHA-256, and the audit chain. Exit 0 when intact, 1"
        + " when damaged, 2 when it cannot be read.")
final class VerifyStoreCommand extends StoreCommand {
  /** Rows named in the report per check; the count says how many more. */
  private static final int SHOWN = 50;
  private static final int REVISION_PAGE = 2_000;
  private static final int ATTACHMENT_PAGE = 20;

  @Override
  String name() {
    return "verify-store";
  }

  /** SQLite is opened to inspect (no migration, no refusal); PostgreSQL as usual. */
  @Override
  Store open(StoreSettings settings) {
    return "sqlite".equals(settings.kind()) ? SqliteStore.inspect(settings.dataDir())
        : settings.open();
  }

  @Override
  int run(Store store, PrintWriter out) {
    int damaged = 0;
    List<String> sqlite = store.integrityProblems();
    damaged += report(out, "SQLite integrity check", sqlite.isEmpty() ? "ok"
        : sqlite.size() + " problem(s)", sqlite);
    damaged += check(out, "revisions against their rev", () -> {
      Scan s = scan(store, true);
      return new Result(s.scanned + " checked, " + s.damaged.size() + " damaged", s.damaged);
    });
    damaged += check(out, "attachments against their SHA-256", () -> {
      Scan s = scan(store, false);
      return new Result(s.scanned + " checked, " + s.damaged.size() + " damaged", s.damaged);
    });
    damaged += check(out, "audit chain", () -> {
      AuditChain.Verification audit = AuditService.verify(store);
      return new Result(audit.ok() ? audit.verified() + " entries intact"
          : "broken at entry " + audit.firstBroken(), audit.ok() ? List.of()
          : List.of(audit.reason()));
    });
    if (damaged == 0) {
      out.println("verify-store: the store is intact");
      return 0;
    }
    out.println("verify-store: DAMAGED (" + damaged + " problem(s)). Keep this folder as it is"
        + " (copy it aside), restore the last good backup, and let tablets push again what it"
        + " lacks (PROTOCOL.md 8.3, sync.checkpoint.reset)");
    return 1;
  }

  private static int report(PrintWriter out, String check, String summary,
      List<String> problems) {
    out.printf("%-36s %s%n", check, summary);
    for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
      out.println("  - " + problems.get(i));
    }
    if (problems.size() > SHOWN) {
      out.println("  … and " + (problems.size() - SHOWN) + " more");
    }
    return problems.size();
  }

  /** What one check found: a summary line and the problems it names. */
  private record Result(String summary, List<String> problems) {}

  /**
   * Runs one check and reports it; a check that cannot read what it checks (a page SQLite finds
   * malformed) is reported as a problem too, and the other checks still run.
   */
  private static int check(PrintWriter out, String name, Supplier<Result> check) {
    Result r;
    try {
      r = check.get();
    } catch (RuntimeException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      r = new Result("could not be read", List.of(String.valueOf(why)));
    }
    return report(out, name, r.summary(), r.problems());
  }

  /** What a scan found. */
  private record Scan(long scanned, List<String> damaged) {}

  private static Scan scan(Store store, boolean revisions) {
    long scanned = 0;
    List<String> damaged = new ArrayList<>();
    String key = "";
    String key2 = "";
    int limit = revisions ? REVISION_PAGE : ATTACHMENT_PAGE;
    while (true) {
      String after = key;
      String after2 = key2;
      ScanPage page = store.read(tx -> revisions ? tx.revisions().scan(after, after2, limit)
          : tx.attachments().scan(after, after2, limit));
      scanned += page.scanned();
      damaged.addAll(page.damaged());
      if (page.scanned() < limit) {
        return new Scan(scanned, damaged);
      }
      key = page.lastKey();
      key2 = page.lastKey2();
    }
  }
}
