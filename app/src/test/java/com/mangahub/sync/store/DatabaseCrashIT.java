package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 15, item 4): the packaged service on its embedded PostgreSQL, the simulator publishing a chapter
 * of a followed series every 250 ms and each one fanned out to 1,001 readers; the postmaster is killed with SIGKILL
 * ten times, each time once notifications flow again. Each time the service (never restarted) is healthy again
 * within 15 s, the API answers a JSON 503 with Retry-After in under a second while the database is down, /health
 * answers in under a second, and at the end every reader holds exactly one notification per published chapter. A
 * SIGTERM then exits 0 with the postmaster stopped cleanly.
 */
class DatabaseCrashIT {
    private static final String ADMIN = "database-crash-admin-token";
    private static final int KILLS = Integer.getInteger("mangahub.dbcrash.kills", 10);
    private static final int FOLLOWED = 4;
    /** Readers besides the one the test signs in as, written straight into the database: fan-out of 1,001 rows. */
    private static final int MORE_READERS = 1_000;
    private static final int FIRST = 90_000;
    private static final Duration HEAL_WITHIN = Duration.ofSeconds(15);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    private int httpPort;

    /** One answer seen while the database was down (or coming back). */
    record Answer(String path, int status, long millis, String contentType, String retryAfter, String body) {}

    @Test
    void tenPostmasterKillsDuringChapterFlowAndFanOutHealWithinSecondsLosingAndDuplicatingNothing() throws Exception {
        int port = ServiceProcess.freePort();
        httpPort = port;
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger published = new AtomicInteger();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(15).withWorldSize(50, 500)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(10), Duration.ofMillis(10)));
             ServiceProcess service = ServiceProcess.start(env(sim, port), "serve")) {
            ServiceApi api = new ServiceApi(port);
            service.awaitHttp200(api.base() + "/health", Duration.ofSeconds(120));
            String token = api.createReader(ADMIN, "watcher");
            List<UUID> series = sim.world().mangaIds().subList(0, FOLLOWED);
            for (UUID id : series) api.send("PUT", "/api/me/library/" + id, token, "");
            addReaders(series);
            int pgPort = pgPort();

            publisher.scheduleAtFixedRate(() -> {
                int i = published.get();
                sim.world().publish(NewChapter.of(series.get(i % FOLLOWED), "en").withChapter(Integer.toString(FIRST + i)));
                published.incrementAndGet();
            }, 0, 250, TimeUnit.MILLISECONDS);

            List<Duration> heals = new ArrayList<>();
            int killedWithEventsPending = 0;
            List<Answer> outage = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                // kill once chapters flow and fan out again: a notification newer than any seen before the last kill
                long seen = newestNotification(api, token);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .failFast("the service exited", () -> !service.process().isAlive())
                        .until(() -> newestNotification(api, token) > seen);
                long postmaster = postmasterPid();
                // chapters stored but not yet fanned out at the moment of the kill: the kill lands mid-flow
                if (query("select count(*) from outbox where status = 'pending'") > 0) killedWithEventsPending++;
                long t0 = System.nanoTime();
                ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
                List<Answer> answers = new ArrayList<>();
                await().atMost(HEAL_WITHIN).pollDelay(Duration.ofMillis(50)).pollInterval(Duration.ofMillis(100))
                        .failFast("the service exited", () -> !service.process().isAlive())
                        .until(() -> {
                            answers.add(call("/api/me", token));
                            answers.add(call("/api/me/notifications?limit=1", token));
                            Answer health = call("/health", null);
                            answers.add(health);
                            return health.status() == 200;
                        });
                heals.add(Duration.ofNanos(System.nanoTime() - t0));
                assertThat(postmasterPid()).as("a new postmaster").isNotEqualTo(postmaster);
                assertThat(pgPort()).as("on the same port").isEqualTo(pgPort);
                assertThat(answers.stream().filter(a -> a.status() == 503 && a.path().startsWith("/api/")))
                        .as("kill %d: the API said 503 while the database was down: %s", kill, answers).isNotEmpty();
                outage.addAll(answers);
            }
            publisher.shutdown();
            assertThat(publisher.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            int chapters = published.get();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> query("select count(*) from notifications n join users u on u.id = n.user_id "
                            + "where u.name = 'watcher' and n.type = 'NEW_CHAPTER' and (n.payload->>'chapter')::numeric >= "
                            + FIRST) >= chapters);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> query("select count(*) from outbox where status <> 'done'") == 0);

            List<Answer> api503 = outage.stream().filter(a -> a.path().startsWith("/api/") && a.status() != 200).toList();
            List<Answer> healthAnswers = outage.stream().filter(a -> a.path().equals("/health")).toList();
            heals.sort(Comparator.naturalOrder());
            System.out.printf("database crash test: %d kills (%d with outbox events pending), %d chapters published and notified to %d readers; "
                            + "healthy again after %d..%d ms (median %d ms); %d API answers during outages, all 503 "
                            + "in at most %d ms (median %d ms); /health at most %d ms%n",
                    KILLS, killedWithEventsPending, chapters, MORE_READERS + 1, heals.getFirst().toMillis(), heals.getLast().toMillis(),
                    heals.get(heals.size() / 2).toMillis(), api503.size(), max(api503), median(api503),
                    max(healthAnswers));

            for (Answer a : outage) {
                assertThat(a.millis()).as("answered within a second: %s", a).isLessThan(ANSWER_WITHIN.toMillis());
                assertThat(a.status()).as("no other failure than 503: %s", a).isIn(200, 503);
            }
            for (Answer a : api503) {
                assertThat(a.contentType()).as("%s", a).startsWith("application/json");
                assertThat(a.retryAfter()).as("%s", a).isNotBlank();
                JsonNode body = JSON.readTree(a.body());
                assertThat(body.path("error").asText()).as("%s", a).isEqualTo("unavailable");
                assertThat(body.path("message").asText()).as("%s", a).isNotBlank();
            }
            assertThat(heals).allSatisfy(h -> assertThat(h).isLessThan(HEAL_WITHIN));
            assertThat(killedWithEventsPending).as("kills that hit chapters waiting for their fan-out").isPositive();

            // every reader: each published chapter exactly once, nothing else of ours, nothing twice
            assertThat(query("select count(*) from users")).isEqualTo(MORE_READERS + 1);
            assertThat(query("select count(*) from (select n.user_id from notifications n where n.type = 'NEW_CHAPTER' "
                    + "and (n.payload->>'chapter')::numeric >= " + FIRST + " group by n.user_id having count(*) = "
                    + chapters + " and count(distinct n.payload->>'chapter') = " + chapters + ") exact"))
                    .as("readers with exactly one notification per published chapter").isEqualTo(MORE_READERS + 1);
            assertThat(query("select count(*) from (select user_id, dedup_key from notifications group by 1, 2 "
                    + "having count(*) > 1) twice")).isZero();
            JsonNode health = JSON.readTree(call("/health", null).body());
            assertThat(health.path("components").path("database").path("restarts").asLong()).isEqualTo(KILLS);
            assertThat(service.process().isAlive()).as("never restarted").isTrue();

            ServiceProcess.Result stop = service.terminate(Duration.ofSeconds(30));
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.output()).doesNotContain("Could not stop postmaster").doesNotContain("unhandled error on");
            assertThat(stop.output()).contains("embedded PostgreSQL restarted on port");
        } finally {
            publisher.shutdownNow();
        }
    }

    private Map<String, String> env(Simulator sim, int port) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir, port, ADMIN, sim.baseUri());
        env.remove("MANGAHUB_DATABASE_URL"); // the embedded PostgreSQL: the one we supervise
        env.put("MANGAHUB_IMPORT_ON_START", "true");
        env.put("MANGA_SYNC_INITIAL_COUNT", "50");
        return env;
    }

    private Answer call(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Answer(path, r.statusCode(), millis, r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Retry-After").orElse(""), r.body());
    }

    private long newestNotification(ServiceApi api, String token) throws Exception {
        Answer a = call("/api/me/notifications?after=0&limit=500", token);
        if (a.status() != 200) return -1;
        long newest = 0;
        for (JsonNode n : JSON.readTree(a.body()).path("notifications")) newest = Math.max(newest, n.path("id").asLong());
        return newest;
    }

    /** The embedded server's pid and port, from its postmaster.pid (lines 1 and 4). */
    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(0).strip());
    }

    private int pgPort() throws Exception {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(3).strip());
    }

    /** A connection of the test's own to the service's embedded PostgreSQL (trust authentication on loopback). */
    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort() + "/postgres?user=postgres");
    }

    private long query(String sql) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The followers the fan-out writes for besides the signed-in one (their tokens are never used). */
    private void addReaders(List<UUID> series) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("insert into users (name, token_hash) select 'crash' || g, sha256(convert_to('t' || g, 'UTF8')) "
                    + "from generate_series(1, " + MORE_READERS + ") g");
            String ids = String.join(",", series.stream().map(id -> "'" + id + "'").toList());
            st.execute("insert into user_library (user_id, manga_id) select u.id, m.id from users u, manga m "
                    + "where u.name like 'crash%' and m.mangadex_id in (" + ids + ")");
        }
    }

    private static long max(List<Answer> answers) {
        return answers.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    private static long median(List<Answer> answers) {
        List<Long> sorted = answers.stream().map(Answer::millis).sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
