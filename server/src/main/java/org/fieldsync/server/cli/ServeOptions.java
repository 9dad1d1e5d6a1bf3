package org.fieldsync.server.cli;

import org.fieldsync.server.ServerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code serve}, which are also the options of the bare command line, since
 * serving is what it does when no command is named.
 */
final class ServeOptions {
  @Mixin
  ConfigOptions config;

  @Option(names = "--port", paramLabel = "N", description = "HTTP port (0 = any free port)")
  private Integer port;

  @Option(names = "--demo", description = "load the fictional demo data (implies development"
      + " mode: plain HTTP on loopback)")
  boolean demo;

  @Option(names = "--tls-self-signed",
      description = "create and serve a self-signed development certificate")
  private boolean tlsSelfSigned;

  /** The flags, applied over the layered configuration. */
  ServerConfig apply(ServerConfig loaded) {
    return loaded.with(b -> {
      if (port != null) {
        b.port(port);
      }
      if (demo) {
        b.demo(true);
      }
      if (tlsSelfSigned) {
        b.tlsSelfSigned(true);
      }
    });
  }
}
