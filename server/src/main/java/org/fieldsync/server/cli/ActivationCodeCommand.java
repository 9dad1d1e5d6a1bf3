package org.fieldsync.server.cli;

import java.io.PrintWriter;
import java.util.List;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.ActivationRoutes;
import org.fieldsync.server.store.PersonRow;
import org.fieldsync.server.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code activation-code USERNAME}: a one-time activation code for a provisioned user, issued by
 * whoever runs the server. It bootstraps a fresh server's first sync admin (who then issues the
 * others' codes from the console or the API); it is audited like any code.
 */
@Command(name = "activation-code", description = "Issue a one-time activation code for a"
    + " provisioned user (the first sync admin of a fresh server).")
final class ActivationCodeCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "USERNAME", description = "the user's user name")
  String username;

  @Option(names = "--valid-hours", description = "how long the code lasts (default 24)")
  long hours = 24;

  @Override
  String name() {
    return "activation-code";
  }

  @Override
  int run(Store store, PrintWriter out) {
    long now = System.currentTimeMillis();
    String code = store.write(tx -> {
      PersonRow p = tx.people().personByUserName(username).orElseThrow(() ->
          new IllegalArgumentException("no user " + username + "; provision them by SCIM"
              + " first"));
      String c = ActivationRoutes.issue(tx, p.id(), now, hours * 3_600_000L);
      AuditChain.append(tx, List.of(AuditEvent.anonymousBy("operator", "activation.code",
          p.id())), now);
      return c;
    });
    out.println(code);
    return 0;
  }
}
