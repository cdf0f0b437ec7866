package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3 at full length: 20 threads calling as fast as they can for 60 s against the simulator (MangaDex's
 * 5/s limit) -> the busiest one-second window holds at most MANGADEX_RATE requests, and no 429 comes back.
 * Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=MangaDexRateBenchmark}
 */
@Tag("benchmark")
class MangaDexRateBenchmark {

    @Test
    void twentyThreadsForSixtySecondsStayUnderTheRate() throws Exception {
        for (double rate : new double[] {4, 5}) {
            try (SimulatedMangaDex mangadex = new SimulatedMangaDex(Clock.systemUTC(), Sleeper.SYSTEM, rate,
                    o -> o.withRatePerSecond(5))) {
                RateRun run = RateRun.of(mangadex.client, mangadex.simulator.world().mangaIds(), 20, Duration.ofSeconds(60));
                var stats = mangadex.settledStats();
                System.out.printf("BENCHMARK rate: MANGADEX_RATE=%.0f, 20 threads x 60 s: %d calls (%.2f/s, %.0f%% of the"
                                + " rate), max %d requests in any second at the simulator, %d x 429, %d failures;"
                                + " shortest span of %d consecutive requests at the tap: %d ms%n", rate, run.calls(),
                        run.calls() / 60.0, 100 * run.calls() / 60.0 / rate, stats.maxRequestsInAnySecond(),
                        stats.tooManyRequests(), run.failures(), (int) rate + 1,
                        RateRun.shortestSpan(mangadex.tap.requests(), (int) rate + 1).toMillis());
                assertThat(stats.maxRequestsInAnySecond()).isLessThanOrEqualTo((int) rate);
                assertThat(stats.tooManyRequests()).isZero();
                assertThat(ContractCheck.violations(mangadex.tap.requests())).isEmpty();
            }
        }
    }
}
