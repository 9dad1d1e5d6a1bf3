package org.fieldsync.server.caserecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Function;
import org.fieldsync.protocol.oversight.BankHolidays;
import org.fieldsync.protocol.oversight.Oversight;
import org.fieldsync.protocol.oversight.OversightRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's oversight rules and bank holidays: Dorset's defaults and the shipped England and
 * Wales holidays, or the files the configuration names ({@code oversightRules}, {@code
 * bankHolidays}). Read once at start, on the start-up worker; a file that is missing or wrong
 * stops the start with one line saying which and why.
 */
public final class OversightConfig {
  private static final Logger LOG = LoggerFactory.getLogger(OversightConfig.class);

  private OversightConfig() {}

  /**
   * Loads the rules and holidays.
   *
   * @param rulesFile a rules file laid over the defaults, or null
   * @param holidaysFile gov.uk's bank-holidays JSON, or null for the shipped file
   * @param clock to warn when the holidays run out this year or next
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static Oversight load(String rulesFile, String holidaysFile, Clock clock) {
    OversightRules rules = rulesFile == null ? OversightRules.defaults()
        : parse(rulesFile, OversightRules::parse);
    BankHolidays holidays = holidaysFile == null ? BankHolidays.englandAndWales()
        : parse(holidaysFile, BankHolidays::parseGovUk);
    int year = LocalDate.now(clock.withZone(rules.timeZone())).getYear();
    if (holidays.lastYear() <= year) {
      LOG.warn("bank holidays are known only up to {}: working days after it count every"
          + " weekday; configure bankHolidays with gov.uk's bank-holidays.json",
          holidays.lastYear());
    }
    return new Oversight(rules, holidays);
  }

  private static <T> T parse(String file, Function<String, T> parser) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
