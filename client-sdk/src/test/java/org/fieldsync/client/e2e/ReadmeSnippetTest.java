package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.junit.jupiter.api.Test;

/**
 * The README's SDK snippet, exactly as it stands: extracted from README.md, compiled against the
 * SDK, and run against a real server. If the README and the SDK drift apart, this fails.
 */
class ReadmeSnippetTest extends ServerBackedTest {

  static String snippet() throws Exception {
    String readme = Files.readString(Path.of("").toAbsolutePath().getParent()
        .resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Using the SDK in a tablet app");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theReadmeSnippetCompilesAsWrittenAndRecordsAndSyncs() throws Exception {
    String source = snippet();
    assertTrue(source.contains("public class TabletStart"), source);
    Path src = Files.createDirectories(tmp.resolve("snippet"));
    Files.writeString(src.resolve("TabletStart.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null, List.of("-classpath",
        System.getProperty("java.class.path"), "-d", src.toString(), "-Xlint:all", "-Werror"),
        null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(src.resolve("TabletStart.java"))).call();
    assertTrue(ok, "the README snippet does not compile:\n" + diagnostics);

    List<String> shown = new CopyOnWriteArrayList<>();
    Path appData = tmp.resolve("app");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {src.toUri().toURL()},
        getClass().getClassLoader())) {
      Method run = loader.loadClass("TabletStart").getMethod("run", String.class, Path.class,
          String.class, char[].class, byte[].class, Consumer.class);
      run.invoke(null, server.baseUrl(), appData,
          Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), Fixtures.PIN.toCharArray(),
          new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, (Consumer<String>) shown::add);
    }
    assertTrue(shown.contains("1 visits on this tablet"), shown.toString());
    try (FieldSync again = FieldSync.builder().serverUrl(server.baseUrl())
        .dataDir(appData.resolve("fieldsync"))
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD))
        .pin(Fixtures.PIN.toCharArray()).build()) {
      assertEquals(0, again.status().pending(), "both records reached the server");
      assertEquals(1, again.childVoice().byCase(CASE).size());
    }
  }
}
