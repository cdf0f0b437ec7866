package com.mangahub.sync.workflow;

import com.mangahub.sync.App;
import com.mangahub.sync.time.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance item 5: two instances on one database (each with its own client, scheduler and locks; only the
 * database is shared) for 10 simulated minutes against the simulator: no workflow runs twice at once, no event is
 * duplicated, and the simulator answers no 429. The two share MangaDex's budget for one IP: each client's gate is
 * per process, so each gets 2 req/s (at 2.5, both could land 3 requests in one second).
 */
@ExtendWith(PostgresExtension.class)
class TwoInstancesTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final int MINUTES = Integer.getInteger("mangahub.twoInstances.minutes", 10);

    /** Counts how many runs of each workflow are in progress at once, across both instances. */
    private static final class Overlaps {
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final Map<String, Integer> most = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        Runnable around(String workflow, Runnable work) {
            return () -> {
                int now = running.computeIfAbsent(workflow, k -> new AtomicInteger()).incrementAndGet();
                most.merge(workflow, now, Math::max);
                runs.computeIfAbsent(workflow, k -> new AtomicInteger()).incrementAndGet();
                try {
                    work.run();
                } finally {
                    running.get(workflow).decrementAndGet();
                }
            };
        }

        boolean idle() {
            return running.values().stream().allMatch(n -> n.get() == 0);
        }
    }

    /**
     * Real sleeps, counted per scheduler loop (a thread per workflow and instance). A loop sleeps after each
     * {@code runIfDue}, so one that has begun two more sleeps since a moment has asked at least once wholly after it.
     */
    private static final class CountedSleeps implements Sleeper {
        final Map<Thread, AtomicLong> begun = new ConcurrentHashMap<>();

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            begun.computeIfAbsent(Thread.currentThread(), t -> new AtomicLong()).incrementAndGet();
            Sleeper.SYSTEM.sleep(duration);
        }

        Map<Thread, Long> now() {
            Map<Thread, Long> counts = new java.util.HashMap<>();
            begun.forEach((thread, n) -> counts.put(thread, n.get()));
            return counts;
        }

        /** Every one of {@code loops} loops has begun at least two sleeps since {@code then}. */
        boolean allAskedSince(Map<Thread, Long> then, int loops) {
            return begun.size() == loops
                    && begun.entrySet().stream()
                            .allMatch(e -> e.getValue().get() >= then.getOrDefault(e.getKey(), 0L) + 2);
        }
    }

    @Test
    void twoInstancesShareTheWorkWithoutDoingAnyOfItTwice(Database db) {
        Map<String, String> env = Map.of("MANGADEX_RATE", "2", "MANGAHUB_POLL_OVERLAP", "2m");
        try (SimulatedMangaDex sim = new SimulatedMangaDex(
                SimulatedMangaDex.acceptance(400, 6_000, Clock.systemUTC()).withLive(120, 2), env);
             MangaDexClient second = sim.client()) {
            // the simulator's clock: real time plus however far the test moved the world
            Clock clock = sim.simulator.world().clock();
            Workflows a = new Workflows(db, sim.client, sim.config, clock, new SyncMetrics(new SimpleMeterRegistry()),
                    App.jsonMapper());
            Workflows b = new Workflows(db, second, sim.config, clock, new SyncMetrics(new SimpleMeterRegistry()),
                    App.jsonMapper());
            a.importCatalogue(400, false, ImportProgress.NONE);
            for (var id : sim.simulator.world().mangaIds().subList(0, 10)) b.tracking.startTracking(id);
            Overlaps overlaps = new Overlaps();
            CountedSleeps sleeps = new CountedSleeps();
            List<Scheduler> schedulers = new ArrayList<>();
            for (Workflows w : List.of(a, b)) {
                Scheduler s = new Scheduler(w.run, sleeps, Duration.ofMillis(20));
                s.start(List.of(
                        new Scheduler.Task(ChapterStream.WORKFLOW, Duration.ofMinutes(1),
                                overlaps.around(ChapterStream.WORKFLOW, w.stream::runOnce)),
                        new Scheduler.Task(NewMangaPoll.WORKFLOW, Duration.ofMinutes(2),
                                overlaps.around(NewMangaPoll.WORKFLOW, w.newManga::runOnce)),
                        new Scheduler.Task(ReconcileSweep.WORKFLOW, Duration.ofMinutes(5),
                                overlaps.around(ReconcileSweep.WORKFLOW, w.sweep::runOnce))));
                schedulers.add(s);
            }
            try {
                int loops = schedulers.size() * 3;
                for (int step = 0; step < MINUTES * 60 / STEP.toSeconds(); step++) {
                    sim.simulator.world().advance(STEP);
                    // every loop of both instances has seen the moved clock (and started what fell due), and
                    // nothing is running any more
                    Map<Thread, Long> advanced = sleeps.now();
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
                            .until(() -> sleeps.allAskedSince(advanced, loops) && overlaps.idle());
                }
            } finally {
                schedulers.forEach(Scheduler::close);
            }
            assertThat(overlaps.most).containsOnlyKeys(ChapterStream.WORKFLOW, NewMangaPoll.WORKFLOW,
                    ReconcileSweep.WORKFLOW).allSatisfy((workflow, most) -> assertThat(most).as(workflow).isEqualTo(1));
            assertThat(overlaps.runs.get(ChapterStream.WORKFLOW).get()).isBetween(MINUTES, MINUTES + 2);
            assertThat(new SyncStateStore(db).all()).noneMatch(s -> s.status().equals("error"));
            SyncFixture view = new SyncFixture(db);
            assertThat(view.count("select count(*) from outbox where type = 'NEW_CHAPTER'"))
                    .isPositive()
                    .isEqualTo(view.count("select count(*) from reader_chapters where announced"));
            assertThat(view.count("select count(*) from outbox where type = 'NEW_MANGA'")).isPositive();
            assertThat(sim.simulator.stats().tooManyRequests()).isZero();
            System.out.printf("two instances, %d simulated minutes: %s runs, %d requests, max %d in any second%n",
                    MINUTES, overlaps.runs, sim.simulator.stats().totalRequests(),
                    sim.simulator.stats().maxRequestsInAnySecond());
        }
    }
}
