package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5: {@code ./mangahub import} run beside a running {@code serve} on one database, both at the default
 * MANGADEX_RATE of 4, against the simulator's per-IP limit of 5. The import's client draws on the same cluster budget
 * as the service's (built through the composition root), so MangaDex never sees more than 4 requests in any second
 * and answers no 429; with a budget of its own, the import's 4 per second came on top of the service's polls.
 */
@ExtendWith(PostgresExtension.class)
class ImportBesideServeIT {
    private static final String ADMIN = "import-beside-serve-admin";
    private static final int SERIES = 2_500;

    @TempDir
    Path dataDir;

    @Test
    void anImportBesideARunningServiceKeepsToTheOneBudget(Database db) throws Exception {
        int port = ServiceProcess.freePort();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(3_000, 6_000)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(50), Duration.ofMillis(50)).withLive(60, 6));
             ServiceProcess serve = ServiceProcess.start(env(sim, "serve", port), "serve")) {
            serve.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            sim.resetStats();

            ServiceProcess.Result imported = ServiceProcess.run(Duration.ofMinutes(3), env(sim, "import", 0),
                    "import", "--limit", Integer.toString(SERIES), "--force");
            SimulatorStats stats = sim.stats();
            long polls = stats.count("GET /chapter 200");
            System.out.printf("import of %d series beside serve: %s; %d requests in all (%d chapter-stream pages), "
                    + "max %d in any second, %d x 429%n", SERIES, imported.took(), stats.totalRequests(), polls,
                    stats.maxRequestsInAnySecond(), stats.tooManyRequests());

            assertThat(imported.exitCode()).as(imported.output()).isZero();
            assertThat(imported.output()).contains("imported " + SERIES + " of " + SERIES + " series");
            assertThat(polls).as("the service kept polling while the import ran").isGreaterThanOrEqualTo(4);
            assertThat(stats.tooManyRequests()).isZero();
            assertThat(stats.bans()).isZero();
            assertThat(stats.maxRequestsInAnySecond()).isBetween(1, 5);
            assertThat(PostgresExtension.count(db, "select count(*) from manga")).isGreaterThanOrEqualTo(SERIES);
            assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private Map<String, String> env(Simulator sim, String name, int port) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir.resolve(name), port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_NEW_MANGA_INTERVAL", "1s");
        return env;
    }
}
