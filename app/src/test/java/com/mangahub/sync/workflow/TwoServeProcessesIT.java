package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code serve} processes on one PostgreSQL, each at the default MANGADEX_RATE of 4, against the simulator's
 * per-IP limit of 5 with live publishing: both import on start, both poll every second, a reader follows series
 * through one and reads through the other. The shared budget keeps the pair within 4 requests in any second with
 * no 429; every chapter published for a followed series reaches the reader exactly once.
 */
@ExtendWith(PostgresExtension.class)
class TwoServeProcessesIT {
    private static final String ADMIN = "two-processes-admin-token";
    private static final int FOLLOWED = 8;
    private static final int PUBLISHED = 24;
    private static final String OURS = "900";
    /** Chapters published between two polls (the pair polls about once a second). */
    private static final int PER_POLL = 2;
    /** Whole chapter polls after the last notification arrived. */
    private static final int REPOLLS = 5;
    private static final Pattern CHAPTER_RUNS =
            Pattern.compile("(?m)^mangadex_sync_runs_total\\{type=\"chapter_check\"} (\\S+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void twoInstancesShareOneBudgetAndNotifyEachChapterOnce(Database db) throws Exception {
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(11).withWorldSize(300, 3_000)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(50), Duration.ofMillis(50)).withLive(30, 3));
             ServiceProcess a = ServiceProcess.start(env(sim, "a", portA), "serve");
             ServiceProcess b = ServiceProcess.start(env(sim, "b", portB), "serve")) {
            ServiceApi apiA = new ServiceApi(portA);
            ServiceApi apiB = new ServiceApi(portB);
            a.awaitHttp200(apiA.base() + "/health", Duration.ofSeconds(90));
            b.awaitHttp200(apiB.base() + "/health", Duration.ofSeconds(90));
            String token = apiA.createReader(ADMIN, "reader");
            List<UUID> series = sim.world().mangaIds().subList(0, FOLLOWED);
            for (UUID id : series) {
                assertThat(apiB.send("PUT", "/api/me/library/" + id, token, "").get("following").asBoolean()).isTrue();
            }
            List<String> published = new java.util.ArrayList<>();
            for (int i = 0; i < PUBLISHED; i++) {
                published.add(sim.world().publish(NewChapter.of(series.get(i % FOLLOWED), "en").withChapter(ours(i)))
                        .toString());
                if (i % PER_POLL != PER_POLL - 1) continue;
                // the next chapters once a poll (by either process) has ended since these: the chapters arrive
                // spread over many polls, as they would from MangaDex, not all in one
                long polls = chapterPolls(apiA, apiB);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> chapterPolls(apiA, apiB) > polls);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> notifications(apiA, token).size() >= PUBLISHED);
            // both keep polling the same overlapping window (MANGAHUB_POLL_OVERLAP 2m holds every chapter above):
            // five more whole polls by the pair, what they wrote fanned out, and still one notification per chapter
            long arrived = chapterPolls(apiA, apiB);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> chapterPolls(apiA, apiB) >= arrived + 1 + REPOLLS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> PostgresExtension.count(db, "select count(*) from outbox where status = 'pending'") == 0);
            JsonNode seen = notifications(apiB, token);
            SimulatorStats stats = sim.stats();
            System.out.printf("two serve processes: %d requests, max %d in any second (MANGADEX_RATE 4 each, "
                    + "limit 5), %d x 429, %d notifications for %d chapters, %d chapter polls%n", stats.totalRequests(),
                    stats.maxRequestsInAnySecond(), stats.tooManyRequests(), seen.size(), PUBLISHED,
                    chapterPolls(apiA, apiB));

            // the live publisher may add chapters to a followed series too: those count once as well
            List<JsonNode> all = new java.util.ArrayList<>();
            seen.forEach(all::add);
            List<JsonNode> chapters = all.stream().filter(n -> n.path("type").asText().equals("NEW_CHAPTER")).toList();
            assertThat(chapters.stream().map(n -> n.path("payload").path("chapter_id").asText()).toList())
                    .doesNotHaveDuplicates();
            // ours by chapter id: the live publisher's next chapter of a followed series may carry one of our numbers
            // (series 6 at 90022 gets a live 90023), a chapter of its own that notifies once too
            assertThat(chapters.stream().map(n -> n.path("payload").path("chapter_id").asText())
                    .filter(published::contains).toList()).containsExactlyInAnyOrderElementsOf(published);
            assertThat(stats.tooManyRequests()).isZero();
            assertThat(stats.bans()).isZero();
            assertThat(stats.maxRequestsInAnySecond()).isBetween(1, 4);
            assertThat(PostgresExtension.count(db, "select count(*) from manga")).as("imported once, plus live series")
                    .isGreaterThanOrEqualTo(200);
            assertThat(PostgresExtension.count(db, "select count(*) from sync_state where status = 'error'")).isZero();
            assertThat(a.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            assertThat(b.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    /** Chapter numbers no generated or live chapter has, so the test can tell its own apart. */
    private static String ours(int i) {
        return Integer.toString(90_000 + i);
    }

    private Map<String, String> env(Simulator sim, String name, int port) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir.resolve(name), port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "true");
        env.put("MANGAHUB_NEW_MANGA_INTERVAL", "5s");
        return env;
    }

    /**
     * Chapter polls the two processes have finished between them (each counts its own runs; the pair shares one
     * schedule, so either may take a turn). A run that was under way when counting began ends first: "count + 1 + n"
     * means at least n polls that began after it.
     */
    private static long chapterPolls(ServiceApi... apis) throws Exception {
        long total = 0;
        for (ServiceApi api : apis) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET /metrics: %s", r.body()).isEqualTo(200);
            Matcher m = CHAPTER_RUNS.matcher(r.body());
            if (m.find()) total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static JsonNode notifications(ServiceApi api, String token) throws Exception {
        return api.send("GET", "/api/me/notifications?limit=500", token, null).get("notifications");
    }
}
