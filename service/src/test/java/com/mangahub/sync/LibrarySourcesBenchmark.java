package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Accounts;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, acceptance 6: 10 readers, each with a MangaDex account of 500 follows, synced every 15 minutes. Each
 * round stands for 15 minutes of MangaDex activity on every account (2 series followed, 1 unfollowed, 5 chapters
 * marked read, the access token expired) and syncs every source as the schedule does; its MangaDex requests times 4
 * are the requests per hour. Meanwhile another reader's chapter is published and its detection latency measured: it
 * must stay within one chapter poll of the latency without sources syncing.
 * Run: ./mvnw -B -o -Pbenchmark test -pl service -am -Dtest=LibrarySourcesBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class LibrarySourcesBenchmark {
    private static final String ADMIN = "library-sources-benchmark-admin";
    private static final int READERS = 10;
    private static final int FOLLOWS = 500;
    private static final int ROUNDS = 3;
    private static final Duration POLL = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    void tenAccountsOf500FollowsCostTheirPagesPerSyncAndDelayNoDetection(Database db) throws Exception {
        int world = READERS * FOLLOWS + READERS * ROUNDS * 2 + 10;
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(66).withWorldSize(world, 2 * world));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            List<UUID> ids = sim.world().mangaIds();
            Accounts accounts = sim.accounts();
            UUID watched = ids.get(world - 1);
            String other = api.createReader(ADMIN, "other-reader");
            api.send("PUT", "/api/me/library/" + watched, other, "");
            List<Long> quiet = new ArrayList<>();
            for (int i = 0; i < 3; i++) quiet.add(latency(sim, api, other, watched, "q" + i));

            long linkStart = System.nanoTime();
            SimulatorStats beforeLink = sim.stats();
            for (int r = 0; r < READERS; r++) {
                String name = "reader-" + r;
                accounts.create(name, "password-" + r, "client-" + r, "secret-" + r, true);
                accounts.follow(name, ids.subList(r * FOLLOWS, (r + 1) * FOLLOWS));
                String token = api.createReader(ADMIN, name);
                api.send("POST", "/api/me/sources", token, "{\"kind\":\"mangadex_account\",\"client_id\":\"client-" + r
                        + "\",\"client_secret\":\"secret-" + r + "\",\"username\":\"" + name + "\",\"password\":\"password-"
                        + r + "\"}");
            }
            Map<String, Long> link = delta(beforeLink, sim.stats());
            System.out.printf("linking %d accounts of %d follows: %d ms, %s%n", READERS, FOLLOWS,
                    Duration.ofNanos(System.nanoTime() - linkStart).toMillis(), link);
            assertThat(PostgresExtension.count(db, "select count(*) from user_library")).isEqualTo(READERS * FOLLOWS + 1);

            int next = READERS * FOLLOWS;
            List<Long> perRound = new ArrayList<>();
            List<Long> during = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int r = 0; r < READERS; r++) {
                    String name = "reader-" + r;
                    accounts.follow(name, ids.subList(next, next + 2));
                    next += 2;
                    accounts.unfollow(name, List.of(ids.get(r * FOLLOWS + round)));
                    for (int k = 0; k < 5; k++) {
                        UUID series = ids.get(r * FOLLOWS + 100 + round * 5 + k);
                        List<UUID> chapters = sim.world().chapterIds(series);
                        if (!chapters.isEmpty()) accounts.markRead(name, series, chapters.subList(0, 1));
                    }
                    accounts.expireAccessTokens(name);
                }
                java.time.Instant roundStart = java.time.Instant.now();
                db.inTransaction(h -> h.execute("update library_sources set next_sync_at = now()"));
                SimulatorStats before = sim.stats();
                CompletableFuture<Integer> synced = CompletableFuture.supplyAsync(() -> app.sourceSync().runOnce());
                during.add(latency(sim, api, other, watched, "r" + round));
                synced.get();
                // the schedule's own run may have taken some of them meanwhile: every source synced once either way
                await().atMost(Duration.ofSeconds(120)).until(() -> PostgresExtension.count(db, "select count(*) from "
                        + "library_sources where last_success_at >= '" + roundStart + "'") == READERS);
                Map<String, Long> cost = delta(before, sim.stats());
                // the 401s are this test's doing: it expires tokens on the simulator, where in 15 real minutes the
                // service's own clock would see the expiry and refresh before asking
                long requests = cost.entrySet().stream().filter(e -> !e.getKey().startsWith("GET /chapter "))
                        .filter(e -> !e.getKey().endsWith(" 401")).mapToLong(Map.Entry::getValue).sum();
                perRound.add(requests);
                System.out.printf("round %d: %d requests beside the chapter stream's GET /chapter, %s%n", round, requests, cost);
            }
            long maxRound = perRound.stream().mapToLong(Long::longValue).max().orElseThrow();
            long quietMax = quiet.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("%d accounts of %d follows synced every 15 min: %d MangaDex requests per round -> %d per hour "
                    + "(%.1f%% of a 4 req/s budget's 14,400), plus at most ceil(changed read markers / 100) chapter look-ups; "
                    + "token refreshes at the auth server: %d (not in the API budget)%n", READERS, FOLLOWS, maxRound,
                    maxRound * 4, maxRound * 4 * 100.0 / 14_400, accounts.refreshGrants());
            System.out.printf("another reader's chapter detected in %s ms without syncs, %s ms during them (poll every %d s)%n",
                    quiet, during, POLL.toSeconds());
            assertThat(maxRound).as("per account: ceil(503/100) follows pages + 1 status request + ceil(503/100) read-marker requests + 1 catalogue "
                    + "page, and a few for the other workflows sharing GET /manga")
                    .isLessThanOrEqualTo(READERS * 14L + 10);
            assertThat(during.stream().mapToLong(Long::longValue).max().orElseThrow()).as("within one poll")
                    .isLessThanOrEqualTo(POLL.toMillis() + quietMax);
        }
    }

    private static Map<String, Long> delta(SimulatorStats before, SimulatorStats after) {
        Map<String, Long> delta = new TreeMap<>();
        after.requestsByEndpointAndStatus().forEach((k, v) -> {
            long d = v - before.requestsByEndpointAndStatus().getOrDefault(k, 0L);
            if (d > 0) delta.put(k, d);
        });
        return delta;
    }

    private static long latency(Simulator sim, ServiceApi api, String token, UUID series, String number)
            throws Exception {
        int before = api.send("GET", "/api/me/notifications", token, null).get("notifications").size();
        long start = System.nanoTime();
        sim.world().publish(NewChapter.of(series, "en").withChapter(Math.abs(number.hashCode() % 100_000) + ""));
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(60)).until(() ->
                api.send("GET", "/api/me/notifications", token, null).get("notifications").size() > before);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private Config config(Database db, Simulator sim) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        Map<String, String> env = new java.util.HashMap<>(Map.of("MANGAHUB_NEW_MANGA_INTERVAL", "1h"));
        env.putAll(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", POLL.toSeconds() + "s",
                "MANGAHUB_POLL_OVERLAP", "2m", "MANGAHUB_SOURCE_INTERVAL", "15m"));
        return Config.from(env);
    }
}
