package org.fieldsync.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The server's layout rules, for a root package (the server's, or a test fixture's): no package
 * circle; {@code http} is the base layer and knows no feature; {@code store} is the bottom and
 * knows nothing else of the server.
 */
final class ServerLayoutRules {
  private ServerLayoutRules() {}

  /** No circle between any two packages under {@code root} (the root package included). */
  static ArchRule noPackageCircles(String root) {
    return slices().assignedFrom(eachPackageUnder(root)).should().beFreeOfCycles();
  }

  /** {@code root.http} depends on no other package of {@code root} but {@code root.store}. */
  static ArchRule httpKnowsNoFeature(String root) {
    return noClasses().that().resideInAPackage(root + ".http..")
        .should().dependOnClassesThat(resideInAPackage(root + "..")
            .and(not(resideInAnyPackage(root + ".http..", root + ".store.."))))
        .because("http is the base layer: features depend on it, never the other way round");
  }

  /** {@code root.store} depends on no other package of {@code root}. */
  static ArchRule storeKnowsNothingAbove(String root) {
    return noClasses().that().resideInAPackage(root + ".store..")
        .should().dependOnClassesThat(resideInAPackage(root + "..")
            .and(not(resideInAPackage(root + ".store.."))))
        .because("the store persists what it is given; the rules live above it");
  }

  private static SliceAssignment eachPackageUnder(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p)
            : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "each package under " + root;
      }
    };
  }
}
