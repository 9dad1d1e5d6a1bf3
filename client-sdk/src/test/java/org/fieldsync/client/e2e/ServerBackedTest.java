package org.fieldsync.client.e2e;

import java.nio.file.Path;
import java.util.List;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh real server (random port, SQLite in a temp folder, demo data) for every test. */
abstract class ServerBackedTest {
  static final String CASE = "case-0001";
  static final List<String> KIDS = List.of("child-0001", "child-0002");

  @TempDir Path tmp;
  TestServer server;
  RawClient raw;

  @BeforeEach
  void startServer() {
    server = TestServer.start(tmp.resolve("server"));
    raw = new RawClient(server.baseUrl());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }
}
