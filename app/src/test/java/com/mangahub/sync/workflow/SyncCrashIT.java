package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.DatabaseUrl;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.ServiceProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance item 4: the packaged jar killed with SIGKILL in the middle of an import and in the middle of a chapter
 * poll, again and again, ends with the same database as an uninterrupted run, and no outbox event twice. Two kills
 * of each by default; {@code -Dmangahub.crash.kills=10} for the full acceptance run.
 */
class SyncCrashIT {
    private static final int KILLS = Integer.getInteger("mangahub.crash.kills", 2);
    private static final int IMPORT = 1_500;
    private static final int TRACKED = 15;
    private static final int NEW_CHAPTERS = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void killedImportsAndPollsEndLikeAnUninterruptedRun() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             SimulatedMangaDex sim = new SimulatedMangaDex(SimulatorOptions.defaults().withWorldSize(2_000, 4_000)
                     .withRatePerSecond(5).withLatency(Duration.ofMillis(50), Duration.ZERO), Map.of())) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("create database crashed");
                st.execute("create database reference");
            }
            String crashedUrl = "postgres://postgres:unused@127.0.0.1:" + pg.getPort() + "/crashed";
            String referenceUrl = "postgres://postgres:unused@127.0.0.1:" + pg.getPort() + "/reference";
            try (Database crashed = open(crashedUrl); Database reference = open(referenceUrl)) {
                Map<String, String> env = env(crashedUrl, sim);
                CrashRun run = new CrashRun(crashed, env, KILLS);
                assertThat(run.killDuring("select count(*) from manga", IMPORT, "import", "--limit", "" + IMPORT))
                        .as("kills that hit a running import").isEqualTo(KILLS);
                ServiceProcess.Result finished = ServiceProcess.run(Duration.ofMinutes(3), env, "import", "--limit", "" + IMPORT);
                assertThat(finished.exitCode()).as(finished.output()).isZero();
                workflows(reference, sim).importCatalogue(IMPORT, false, ImportProgress.NONE);
                assertThat(Snapshot.of(crashed, Snapshot.CATALOGUE)).hasSize(IMPORT);
                assertThat(Snapshot.difference(Snapshot.of(crashed, Snapshot.CATALOGUE),
                        Snapshot.of(reference, Snapshot.CATALOGUE))).isEmpty();

                List<UUID> tracked = sim.simulator.world().mangaIds().subList(0, TRACKED);
                for (UUID id : tracked) {
                    workflows(crashed, sim).tracking.startTracking(id);
                    workflows(reference, sim).tracking.startTracking(id);
                }
                // the sweep would otherwise run at the first start and take in the same chapters in feed order, so
                // the old chapter named by an event could differ from the reference's stream order
                workflows(crashed, sim).reconcile();
                List<String> published = new ArrayList<>();
                for (int i = 0; i < NEW_CHAPTERS; i++) {
                    published.add(sim.simulator.world().publish(NewChapter.of(tracked.get(i % TRACKED), "en")).toString());
                }
                String ours = "select count(*) from chapters where mangadex_chapter_id::text = any('{"
                        + String.join(",", published) + "}')";
                assertThat(run.killDuring(ours, NEW_CHAPTERS, "serve")).as("kills that hit a running poll").isEqualTo(KILLS);
                run.untilDone(ours, NEW_CHAPTERS);
                workflows(reference, sim).pollChapters();
                assertThat(Snapshot.of(crashed, Snapshot.CHAPTERS, published)).hasSize(NEW_CHAPTERS);
                assertThat(Snapshot.difference(Snapshot.of(crashed, Snapshot.CHAPTERS, published),
                        Snapshot.of(reference, Snapshot.CHAPTERS, published))).isEmpty();
                assertThat(Snapshot.of(crashed, Snapshot.EVENTS, published)).hasSize(NEW_CHAPTERS);
                assertThat(Snapshot.difference(Snapshot.of(crashed, Snapshot.EVENTS, published),
                        Snapshot.of(reference, Snapshot.EVENTS, published))).isEmpty();
                assertThat(Snapshot.of(crashed, Snapshot.DUPLICATE_EVENTS)).isEmpty();
                System.out.printf("kill -9: %d during the import of %d series, %d during the poll of %d chapters; "
                        + "the database equals an uninterrupted run's, no event twice%n", KILLS, IMPORT, KILLS, NEW_CHAPTERS);
            }
        }
    }

    private Map<String, String> env(String databaseUrl, SimulatedMangaDex sim) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MANGAHUB_DATA_DIR", dataDir.toString());
        env.put("MANGAHUB_DATABASE_URL", databaseUrl);
        env.put("MANGAHUB_MANGADEX_URL", sim.simulator.baseUri().toString());
        env.put("MANGAHUB_HTTP_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("MANGAHUB_COAP_PORT", "0");
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_CHAPTER_INTERVAL", "1s");
        env.put("MANGAHUB_NEW_MANGA_INTERVAL", "1h");
        env.put("MANGAHUB_RECONCILE_INTERVAL", "1h");
        env.put("MANGAHUB_POLL_OVERLAP", "1h");
        env.put("MANGAHUB_LOG_LEVEL", "WARN");
        return env;
    }

    private static Database open(String url) {
        return Database.open(new Config.Storage(Path.of("unused"), Optional.of(DatabaseUrl.parse("test", url)), 4));
    }

    private static Workflows workflows(Database db, SimulatedMangaDex sim) {
        return new Workflows(db, sim.client, sim.config, Clock.systemUTC(), new SyncMetrics(new SimpleMeterRegistry()),
                App.jsonMapper());
    }
}
