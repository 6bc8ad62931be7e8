package dev.outcrop.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code base, checked on the production classes of every module this one sees (all but the
 * benchmarks): a package cycle makes two packages one in all but name, and a module reaching sideways or up
 * undoes the reason it is a module. A module's {@code internal} packages hold what several of its packages share and
 * no other module may use (Armeria's convention): the rest of a module's public types are its API.
 */
class ArchitectureTest {

    /** The root package of each module built on core; core owns every other package under {@code dev.outcrop}. */
    private static final List<String> MODULES_ON_CORE =
            List.of("dev.outcrop.store", "dev.outcrop.stacks", "dev.outcrop.providers", "dev.outcrop.server",
                    "dev.outcrop.app");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The other modules are directories of classes in an IDE or `mvn test`, and jars in `mvn verify`:
                // both are imported, their test jars not (a layer found empty fails the rule, so a module that
                // was not imported cannot pass it unseen).
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.outcrop");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.outcrop.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void coreDependsOnNoOtherModuleAndTheModulesOnCoreOnlyOnCore() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy(inCore())
                .layer("store").definedBy("dev.outcrop.store..")
                .layer("stacks").definedBy("dev.outcrop.stacks..")
                .layer("providers").definedBy("dev.outcrop.providers..")
                .layer("server").definedBy("dev.outcrop.server..")
                .layer("app").definedBy("dev.outcrop.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("app")
                .whereLayer("providers").mayOnlyBeAccessedByLayers("app")
                .whereLayer("store").mayOnlyBeAccessedByLayers("app")
                .whereLayer("stacks").mayOnlyBeAccessedByLayers("app")
                .whereLayer("core").mayOnlyBeAccessedByLayers("store", "stacks", "providers", "server", "app")
                .check(production);
    }

    @Test
    void noModuleDependsOnAnotherModulesInternalPackages() {
        coreInternalsStayInCore().check(production);
        for (String module : MODULES_ON_CORE) {
            noClasses().that().resideOutsideOfPackage(module + "..")
                    .should().dependOnClassesThat().resideInAPackage(module + "..internal..")
                    .because("a module's internal packages are not API")
                    .check(production);
        }
    }

    @Test
    void aClassOutsideCoreUsingCoresInternalsBreaksTheRule() {
        JavaClasses probe = new ClassFileImporter().importClasses(UsesCoreInternals.class,
                dev.outcrop.resource.internal.PageToken.class);

        assertThat(coreInternalsStayInCore().evaluate(probe).hasViolation()).isTrue();
    }

    /** A class of this module that reaches into core's internals, as no production class may. */
    private static final class UsesCoreInternals {
        @SuppressWarnings("unused")
        String token() {
            return new dev.outcrop.resource.internal.PageToken("listing", "key").encode();
        }
    }

    private static ArchRule coreInternalsStayInCore() {
        return noClasses().that(DescribedPredicate.not(inCore()))
                .should().dependOnClassesThat(inCore().and(resideInAPackage("..internal..")))
                .because("core's internal packages are shared between its own packages, not API");
    }

    private static DescribedPredicate<JavaClass> inCore() {
        return DescribedPredicate.describe("in outcrop-core", type -> type.getPackageName().startsWith("dev.outcrop.")
                && MODULES_ON_CORE.stream().noneMatch(module -> type.getPackageName().equals(module)
                        || type.getPackageName().startsWith(module + ".")));
    }
}
