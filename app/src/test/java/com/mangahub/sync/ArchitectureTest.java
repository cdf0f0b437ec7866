package com.mangahub.sync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md: a small domain core, edges that do not reach into each other. */
class ArchitectureTest {
    private static final String BASE = "com.mangahub.sync.";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // main classes of every module (service, simulator, common, app); the service's test-jar is on this module's
        // test classpath and holds tests and test support, which the rules do not govern
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("com.mangahub.sync");
    }

    /**
     * Classes of {@code pkg} may use only the {@code allowed} packages of ours. Every other top-level package is
     * forbidden, including ones that did not exist when a rule was written: a new package is closed until allowed.
     */
    private static ArchRule only(String pkg, String... allowed) {
        String[] forbidden = topLevelPackages().stream()
                .filter(p -> !p.equals(pkg) && !List.of(allowed).contains(p))
                .map(p -> BASE + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(BASE + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .orShould().dependOnClassesThat().belongToAnyOf(App.class, Main.class);
    }

    private static Set<String> topLevelPackages() {
        return classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(BASE))
                .map(p -> p.substring(BASE.length()).split("\\.")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theDomainCoreDependsOnNothingElseOfOurs() {
        only("manga").check(classes);
    }

    @Test
    void theMangaDexClientKnowsOnlyTheDomainConfigurationAndTime() {
        only("mangadex", "manga", "config", "time").check(classes);
    }

    @Test
    void storageKnowsOnlyTheDomainAndConfiguration() {
        only("store", "manga", "config").check(classes);
    }

    @Test
    void onlyStorageTalksJdbc() {
        noClasses().that().resideOutsideOfPackage(BASE + "store..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .because("every SQL statement lives in store; the others get a Jdbi Handle at most")
                .check(classes);
    }

    @Test
    void onlyTheFeedsWriteXml() {
        noClasses().that().resideOutsideOfPackage(BASE + "notify.feed..")
                .should().dependOnClassesThat().resideInAnyPackage("com.rometools..", "org.jdom2..")
                .because("ROME and JDOM write the readers' feeds and nothing else")
                .check(classes);
    }

    @Test
    void onlyTheEmailChannelSpeaksSmtp() {
        noClasses().that().resideOutsideOfPackage(BASE + "notify.channel..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..")
                .because("Jakarta Mail sends the email channel's messages and nothing else")
                .check(classes);
    }

    @Test
    void theWorkflowsDoNotReachIntoReadersNotificationsOrTheCli() {
        only("workflow", "manga", "mangadex", "store", "config", "web", "json", "time", "periodic").check(classes);
    }

    @Test
    void readersAccountsAndLibrariesKnowNeitherWorkflowsNorDelivery() {
        only("reader", "manga", "store", "config", "web", "json").check(classes);
    }

    @Test
    void notificationsDependOnReadersButNotOnWorkflowsOrMangaDex() {
        only("notify", "manga", "reader", "store", "config", "web", "json", "time", "periodic").check(classes);
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
    void theSimulatorStandsAloneButForTime() {
        only("simulator", "time").check(classes);
    }

    @Test
    void timeDependsOnNothingElseOfOurs() {
        only("time").check(classes);
    }

    @Test
    void periodicWorkKnowsOnlyTime() {
        only("periodic", "time").check(classes);
    }
}
