package com.mangahub.sync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md: a small domain core, edges that do not reach into each other. */
class ArchitectureTest {
    private static final String BASE = "com.mangahub.sync.";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.mangahub.sync");
    }

    private static ArchRule only(String pkg, String... allowed) {
        String[] forbidden = java.util.Arrays.stream(new String[] {"manga", "mangadex", "sync", "notify", "store", "web",
                        "cli", "config", "simulator", "json"})
                .filter(p -> !p.equals(pkg) && !java.util.List.of(allowed).contains(p))
                .map(p -> BASE + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(BASE + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .orShould().dependOnClassesThat().belongToAnyOf(App.class, Main.class);
    }

    @Test
    void theDomainCoreDependsOnNothingElseOfOurs() {
        only("manga").check(classes);
    }

    @Test
    void theMangaDexClientKnowsOnlyTheDomainAndConfiguration() {
        only("mangadex", "manga", "config").check(classes);
    }

    @Test
    void storageKnowsOnlyTheDomainAndConfiguration() {
        only("store", "manga", "config").check(classes);
    }

    @Test
    void syncDoesNotReachIntoNotificationsOrTheCli() {
        only("sync", "manga", "mangadex", "store", "config", "web", "json").check(classes);
    }

    @Test
    void notificationsDoNotDependOnSyncOrMangaDex() {
        only("notify", "manga", "store", "config", "web", "json").check(classes);
    }

    /** The domain core for the one reading of ids ({@code manga.Uuids}) the request readers share with storage. */
    @Test
    void theHttpEdgeKnowsOnlyTheDomainAndConfiguration() {
        only("web", "manga", "config").check(classes);
    }

    @Test
    void theJsonHelpersDependOnNothingElseOfOurs() {
        only("json").check(classes);
    }

    @Test
    void configurationDependsOnNothingElseOfOurs() {
        only("config").check(classes);
    }

    @Test
    void theSimulatorStandsAloneButForTheDomainRecords() {
        only("simulator", "manga", "mangadex").check(classes);
    }
}
