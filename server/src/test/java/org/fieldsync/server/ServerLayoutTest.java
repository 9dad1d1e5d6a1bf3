package org.fieldsync.server;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server's main code keeps its layout (decision 0020): no import circle between packages,
 * {@code http} never depends on a feature, {@code store} never on anything above it. Run by
 * ArchUnit's JUnit 5 engine.
 */
@AnalyzeClasses(packages = ServerLayoutTest.ROOT,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ServerLayoutTest {
  static final String ROOT = "org.fieldsync.server";

  @ArchTest
  static final ArchRule noPackageOfTheServerIsInACircle =
      ServerLayoutRules.noPackageCircles(ROOT);

  @ArchTest
  static final ArchRule httpDependsOnNoFeaturePackage =
      ServerLayoutRules.httpKnowsNoFeature(ROOT);

  @ArchTest
  static final ArchRule storeDependsOnNothingAboveIt =
      ServerLayoutRules.storeKnowsNothingAbove(ROOT);
}
