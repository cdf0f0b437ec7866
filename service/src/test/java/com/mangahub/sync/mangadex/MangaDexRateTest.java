package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rate gate in real time against the simulator (which enforces MangaDex's 5/s and answers 429): a 10-second
 * version of acceptance 3 ({@link MangaDexRateBenchmark} runs the full 60 s), and acceptance 4 in real time.
 */
class MangaDexRateTest {
    private SimulatedMangaDex mangadex;

    @AfterEach
    void everyRequestMatchedTheOfficialSpec() {
        mangadex.close();
        assertThat(ContractCheck.violations(mangadex.tap.requests())).isEmpty();
    }

    @Test
    void twentyThreadsForTenSecondsNeverExceedTheRateInAnySecondAndGetNo429() throws Exception {
        mangadex = new SimulatedMangaDex(Clock.systemUTC(), Sleeper.SYSTEM, 4, o -> o.withRatePerSecond(5));
        RateRun run = RateRun.of(mangadex.client, mangadex.simulator.world().mangaIds(), 20, Duration.ofSeconds(10));
        var stats = mangadex.settledStats();
        System.out.printf("rate: 20 threads x 10 s: %d calls, max %d requests in any second (MANGADEX_RATE 4), %d x 429%n",
                run.calls(), stats.maxRequestsInAnySecond(), stats.tooManyRequests());
        assertThat(run.failures()).as("first failure: %s", run.firstFailure().get()).isZero();
        assertThat(stats.maxRequestsInAnySecond()).isBetween(3, 4);
        assertThat(stats.tooManyRequests()).isZero();
        // About 3.8 calls a second: the gate's jitter margin costs a little throughput, starvation would cost more.
        assertThat(run.calls()).isBetween(30L, 40L);
    }

    @Test
    void a429NamingNowPlusSevenSecondsHoldsEveryThreadUntilThatInstantInRealTime() throws Exception {
        mangadex = new SimulatedMangaDex(Clock.systemUTC(), Sleeper.SYSTEM, 4, o -> o.withRatePerSecond(0));
        Instant until = Instant.now().plusSeconds(7);
        mangadex.simulator.forceRateLimited(until);
        int threads = 20;
        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = java.util.stream.IntStream.range(0, threads).mapToObj(i -> Thread.ofPlatform().start(() -> {
            mangadex.client.manga(mangadex.simulator.world().mangaIds().get(i));
            done.incrementAndGet();
        })).toList();
        for (Thread t : workers) t.join(Duration.ofSeconds(60));
        long limited = mangadex.settledStats().tooManyRequests();
        List<RecordedRequest> early = mangadex.tap.requests().stream().filter(r -> r.arrivedAt().isBefore(until)).toList();
        System.out.printf("429 in real time: %d threads, %d answered 429, %d requests before the instant%n",
                threads, limited, early.size());
        assertThat(done).hasValue(threads);
        // The first 429 closes the gate for all 20 threads: only a request already under way can add a second one.
        assertThat(limited).isBetween(1L, 2L);
        assertThat(early).hasSize((int) limited);
        assertThat(mangadex.tap.requests()).hasSize(threads + (int) limited);
    }
}
