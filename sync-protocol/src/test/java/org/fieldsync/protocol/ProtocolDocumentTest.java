package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.protocol.oversight.OversightRules;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md and the code say the same thing: a client is built from the document alone, so what
 * it shows must be what the reference code does.
 */
class ProtocolDocumentTest {
  private static String doc() throws IOException {
    return Files.readString(Path.of("PROTOCOL.md"));
  }

  @Test
  void theEnvelopeExampleIsARealRevision() throws IOException {
    String doc = doc();
    String section2 = doc.substring(doc.indexOf("## 2. The revision envelope"),
        doc.indexOf("## 3. "));
    String json = section2.substring(section2.indexOf("```json") + 7,
        section2.indexOf("```", section2.indexOf("```json") + 7));
    Revision r = ProtocolCodec.decode(json, Revision.class);
    assertTrue(Revisions.revMatches(r), "section 2's rev is what section 3 computes");
    assertEquals(r.deviceId(), Hlc.parse(r.hlc()).node(), "the HLC's node is the device");
    assertTrue(DeviceIds.isValid(r.deviceId()));
    assertEquals("1-9e59388a3718ea0689c514acb939e172", r.parentRev(),
        "its parent is section 3's worked example");
  }

  @Test
  void everyErrorCodeInTheCodeIsDocumented() throws Exception {
    String doc = doc();
    List<String> missing = new ArrayList<>();
    for (Field f : ErrorCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String code = (String) f.get(null);
        if (!doc.contains("`" + code + "`")) {
          missing.add(code);
        }
      }
    }
    assertEquals(List.of(), missing, "codes PROTOCOL.md does not name");
  }

  @Test
  void theClockBoundIsTheDocumentedHour() throws IOException {
    Matcher m = Pattern.compile("more than one hour \\((\\d[\\d,]*) ms\\)").matcher(doc());
    assertTrue(m.find());
    assertEquals(Hlc.MAX_AHEAD_MILLIS, Long.parseLong(m.group(1).replace(",", "")));
  }

  @Test
  void theDocumentedOversightDefaultsAreTheShippedOnes() throws IOException {
    String section = doc().substring(doc().indexOf("## 12. Oversight"));
    Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertTrue(m.find(), "section 12 shows the default rules");
    assertEquals(OversightRules.defaults(), OversightRules.parse(m.group(1)));
  }
}
