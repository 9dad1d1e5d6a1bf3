package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The layout rules catch what they are for, on a fixture that breaks each of them ({@code
 * layoutfixture}: its {@code http} imports its {@code sync}, which imports {@code http} back, and
 * its {@code store} imports {@code sync}). Without this, a rule that matched nothing would pass.
 */
class ServerLayoutRulesTest {
  private static final String FIXTURE = "org.fieldsync.server.layoutfixture";
  private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

  @Test
  void aCircleBetweenTwoPackagesFailsTheBuild() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ServerLayoutRules.noPackageCircles(FIXTURE).check(fixture));
    assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
  }

  @Test
  void httpImportingAFeatureFailsTheBuild() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ServerLayoutRules.httpKnowsNoFeature(FIXTURE).check(fixture));
    assertTrue(e.getMessage().contains("layoutfixture.sync.Feature"), e.getMessage());
  }

  @Test
  void storeImportingAnythingAboveItFailsTheBuild() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ServerLayoutRules.storeKnowsNothingAbove(FIXTURE).check(fixture));
    assertTrue(e.getMessage().contains("layoutfixture.store.Rows"), e.getMessage());
  }
}
