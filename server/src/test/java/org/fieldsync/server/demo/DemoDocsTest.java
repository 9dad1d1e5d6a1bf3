package org.fieldsync.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README says what the demo dataset holds: how many users, and each one in its table. */
class DemoDocsTest {
  private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four",
      "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
      "fifteen");

  @Test
  void theReadmeCountsAndListsEveryDemoUser() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher count = Pattern.compile("four teams, (\\w+) users").matcher(readme);
    assertTrue(count.find(), "the README says how many users");
    assertEquals(NUMBERS.get(DemoData.usernames().size()), count.group(1));
    TreeSet<String> table = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z]+\\.[a-z]+)` \\|").matcher(readme);
    while (row.find()) {
      table.add(row.group(1));
    }
    assertEquals(new TreeSet<>(DemoData.usernames()), table, "the README's table of users");
  }
}
