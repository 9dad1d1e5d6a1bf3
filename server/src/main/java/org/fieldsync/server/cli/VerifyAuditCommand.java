package org.fieldsync.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.store.Store;
import picocli.CommandLine.Command;

/**
 * {@code verify-audit}: recomputes the data folder's whole audit chain and prints the result as
 * JSON; exit code 0 when it is intact, 1 when it is broken, 2 when it could not be read.
 */
@Command(name = "verify-audit", mixinStandardHelpOptions = true,
    description = "Verify the audit trail's hash chain: exit 0 when intact, 1 when broken, 2"
        + " when it cannot be read.")
final class VerifyAuditCommand extends StoreCommand {
  @Override
  String name() {
    return "verify-audit";
  }

  @Override
  int run(Store store, PrintWriter out) {
    AuditChain.Verification v = AuditService.verify(store);
    out.println(new String(ProtocolCodec.encode(v), StandardCharsets.UTF_8));
    return v.ok() ? 0 : 1;
  }
}
