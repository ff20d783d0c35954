package dev.arca.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code in the shape of DESIGN.md section 2: dependencies point down the layers, the plan
 * does no I/O, and only the command line and the server know concrete storage drivers.
 */
class LayerRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.arca");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Plan").definedBy("dev.arca.plan..")
                .layer("Storage").definedBy("dev.arca.storage..")
                .layer("Repository").definedBy("dev.arca.repository..")
                .layer("Protect").definedBy("dev.arca.protect..")
                .layer("Ops").definedBy("dev.arca.ops..")
                .layer("Server").definedBy("dev.arca.server..")
                .layer("Cli").definedBy("dev.arca.cli..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Server").mayNotBeAccessedByAnyLayer()
                .whereLayer("Ops").mayOnlyBeAccessedByLayers("Server", "Cli")
                .whereLayer("Protect").mayOnlyBeAccessedByLayers("Ops", "Server", "Cli")
                .whereLayer("Repository").mayOnlyBeAccessedByLayers("Protect", "Ops", "Server", "Cli")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Repository", "Protect", "Ops", "Server", "Cli")
                .check(classes);
    }

    @Test
    void planDoesNoIo() {
        noClasses().that().resideInAPackage("dev.arca.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.io.File.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class, java.io.FileReader.class, java.io.FileWriter.class,
                        ProcessBuilder.class, Clock.class)
                .because("the plan layer is pure policy: callers read files and pass instants in (DESIGN.md section 2)")
                .check(classes);
    }

    @Test
    void onlyTheEdgesKnowConcreteStorageDrivers() {
        noClasses().that().resideOutsideOfPackages("dev.arca.cli..", "dev.arca.server..", "dev.arca.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.arca.storage.local..", "dev.arca.storage.memory..",
                        "dev.arca.storage.sftp..", "dev.arca.storage.s3..")
                .because("drivers are found through the StorageRegistry by URL scheme (DESIGN.md section 2)")
                .check(classes);
    }

    @Test
    void classesAreNamedAfterNouns() {
        noClasses().should().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Helper")
                .check(classes);
    }
}
