package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What importing a 2,000-series library costs MangaDex, and what it does to everyone else's detection (issue 22,
 * acceptance 2). Reader B follows one series; its chapter's detection latency is measured without an import, then
 * while reader A imports 2,000 series and 20 of them publish. The import's cost is every request beyond the chapter
 * stream's own ({@code GET /chapter}): goal ceil(2,000 / 100) + the series that published + a small constant.
 * Run: ./mvnw -B -o -Pbenchmark test -Dtest=LiveLibraryBenchmark
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class LiveLibraryBenchmark {
    private static final String ADMIN = "live-library-benchmark-admin";
    private static final int LIBRARY = 2_000;
    private static final int PUBLISHING = 20;
    private static final Duration POLL = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    void aBigImportCostsItsPagesAndTheSeriesThatPublishAndDelaysNobody(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(23).withWorldSize(LIBRARY + 10,
                2 * LIBRARY));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            List<UUID> world = sim.world().mangaIds();
            UUID watched = world.get(LIBRARY + 5);
            String other = api.createReader(ADMIN, "other-reader");
            api.send("PUT", "/api/me/library/" + watched, other, "");
            String importer = api.createReader(ADMIN, "importing-reader");

            List<Long> quiet = new ArrayList<>();
            for (int i = 0; i < 3; i++) quiet.add(latency(sim, api, other, watched, "q" + i));

            SimulatorStats before = sim.stats();
            String body = world.subList(0, LIBRARY).stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(",", "[", "]"));
            CompletableFuture<HttpResponse<String>> imported = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(api.base() + "/api/me/library/import"))
                            .header("Authorization", "Bearer " + importer).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long during = latency(sim, api, other, watched, "during");
            assertThat(imported.get().statusCode()).as(imported.get().body()).isEqualTo(200);
            for (int i = 0; i < PUBLISHING; i++) {
                sim.world().publish(NewChapter.of(world.get(i * (LIBRARY - 1) / (PUBLISHING - 1)), "en")
                        .withChapter("5000"));
            }
            long afterwards = latency(sim, api, other, watched, "after");
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    api.send("GET", "/api/me/notifications", importer, null).get("notifications").size() == PUBLISHING);
            Thread.sleep(POLL.toMillis() * 2); // the next polls: nothing more may be asked for this import

            SimulatorStats after = sim.stats();
            Map<String, Long> delta = new java.util.TreeMap<>();
            after.requestsByEndpointAndStatus().forEach((k, v) -> {
                long d = v - before.requestsByEndpointAndStatus().getOrDefault(k, 0L);
                if (d > 0 && !k.startsWith("GET /chapter ")) delta.put(k, d);
            });
            long cost = delta.values().stream().mapToLong(Long::longValue).sum();
            long goal = LIBRARY / 100 + PUBLISHING;
            System.out.printf("import of %d series, %d of them publishing: %d MangaDex requests beyond the chapter "
                    + "stream's (goal <= %d + a small constant), %s%n", LIBRARY, PUBLISHING, cost, goal, delta);
            System.out.printf("another reader's chapter detected in %s ms without an import, %d ms during it, %d ms "
                    + "while 20 baselines were taken (chapter poll every %d s)%n", quiet, during, afterwards,
                    POLL.toSeconds());
            assertThat(cost).isLessThanOrEqualTo(goal + 5);
            assertThat(Math.max(during, afterwards)).as("within one poll, as without the import")
                    .isLessThanOrEqualTo(POLL.toMillis() + quiet.stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }

    /** Publishes a chapter in {@code series} and answers how long until it is in the reader's log. */
    private static long latency(Simulator sim, ServiceApi api, String token, UUID series, String number)
            throws Exception {
        int before = api.send("GET", "/api/me/notifications", token, null).get("notifications").size();
        long start = System.nanoTime();
        sim.world().publish(NewChapter.of(series, "en").withChapter(number.hashCode() + ""));
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(60)).until(() ->
                api.send("GET", "/api/me/notifications", token, null).get("notifications").size() > before);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private Config config(Database db, Simulator sim) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", POLL.toSeconds() + "s",
                "MANGAHUB_POLL_OVERLAP", "2m"));
    }
}
