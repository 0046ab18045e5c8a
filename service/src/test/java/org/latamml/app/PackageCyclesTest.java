package org.latamml.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend on each other one way only: a package can change without its users.
 */
class PackageCyclesTest {
  @Test
  void featurePackagesHaveNoCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The model module's test fixtures come as a jar of their own.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.latamml");

    slices().matching("org.latamml.(*)..").should().beFreeOfCycles().check(classes);
  }
}
