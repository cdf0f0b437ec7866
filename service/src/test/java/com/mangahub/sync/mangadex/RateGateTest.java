package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate on virtual time: spacing of tokens, the shutter a 429 closes, and its wait metric. */
class RateGateTest {
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void noOneSecondWindowEverHoldsMoreThanTheRate() {
        RateGate gate = new RateGate(4, time, time::sleep, registry);
        List<Instant> grants = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            gate.acquire().close();
            grants.add(time.instant());
        }
        for (int i = 4; i < grants.size(); i++) {
            assertThat(Duration.between(grants.get(i - 4), grants.get(i))).isGreaterThan(Duration.ofSeconds(1));
        }
        long expected = Math.round(399 * (1000 + RateGate.JITTER_MARGIN.toMillis()) / 4.0);
        assertThat(Duration.between(grants.getFirst(), grants.getLast()).toMillis()).isBetween(expected - 2, expected + 2);
    }

    @Test
    void aLateCallerDoesNotLetTheNextOneFollowTooClosely() {
        RateGate gate = new RateGate(4, time, time::sleep, registry);
        gate.acquire().close();
        time.advance(Duration.ofMillis(900)); // this caller was descheduled well past its token
        gate.acquire().close();
        Instant late = time.instant();
        gate.acquire().close();
        assertThat(Duration.between(late, time.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aClosedGateHoldsEveryCallerUntilItReopens() {
        RateGate gate = new RateGate(5, time, time::sleep, registry);
        Instant until = time.instant().plusSeconds(7);
        gate.closeUntil(until, "test 429");
        gate.acquire().close();
        assertThat(time.instant()).isAfterOrEqualTo(until);
    }

    @Test
    void anEarlierReopeningNeverShortensALongerPause() {
        RateGate gate = new RateGate(5, time, time::sleep, registry);
        gate.closeUntil(time.instant().plusSeconds(60), "ban");
        gate.closeUntil(time.instant().plusSeconds(5), "429");
        assertThat(gate.closedUntil()).isEqualTo(time.instant().plusSeconds(60));
    }

    @Test
    void waitingAtTheGateIsMeasured() {
        RateGate gate = new RateGate(2, time, time::sleep, registry);
        gate.acquire().close();
        gate.acquire().close();
        var timer = registry.get("mangadex.rate.limit.wait").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(500);
    }

    @Test
    void bulkWorkAloneNeverFillsTheLastSlotOfASecond() {
        RateGate gate = new RateGate(4, time, time::sleep, registry);
        List<Instant> grants = new ArrayList<>();
        RequestPriority.bulk(() -> {
            for (int i = 0; i < 100; i++) {
                gate.acquire().close();
                grants.add(time.instant());
            }
        });
        // three requests count in any second at most: the fourth slot stays free for an urgent request
        for (int i = 3; i < grants.size(); i++) {
            assertThat(Duration.between(grants.get(i - 3), grants.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(RequestPriority.current()).as("the thread's priority is restored").isEqualTo(RequestPriority.INTERACTIVE);
    }

    @Test
    void bulkWorkLeavesTheLastSlotOfTheClusterBudgetToOthers() {
        List<Integer> claimed = new ArrayList<>();
        SharedBudget recording = new SharedBudget() {
            @Override
            public Claim tryClaim(int slots) {
                claimed.add(slots);
                return new Claim.Granted(() -> { });
            }

            @Override
            public void closeUntil(Instant until, String reason) {
            }
        };
        RateGate gate = new RateGate(4, recording, time, time::sleep, registry);
        gate.acquire().close();
        RequestPriority.DETECTION.run(() -> {
            gate.acquire().close();
            return null;
        });
        RequestPriority.bulk(() -> gate.acquire().close());
        assertThat(claimed).as("interactive, detection, bulk").containsExactly(4, 4, 3);
    }

    @Test
    void anUrgentCallerOvertakesBulkCallersQueuedBeforeIt() throws Exception {
        java.time.Clock real = java.time.Clock.systemUTC();
        com.mangahub.sync.time.Sleeper sleeper = com.mangahub.sync.time.Sleeper.SYSTEM;
        RateGate gate = new RateGate(4, real, sleeper, registry);
        gate.closeUntil(real.instant().plusMillis(600), "test: every caller queues");
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "bulk-" + i;
            threads.add(Thread.ofPlatform().start(() -> RequestPriority.bulk(() -> {
                gate.acquire().close();
                order.add(name);
            })));
        }
        Thread.sleep(200); // the bulk callers queue first
        threads.add(Thread.ofPlatform().start(() -> {
            gate.acquire().close();
            order.add("urgent");
        }));
        for (Thread t : threads) t.join(10_000);
        assertThat(order).hasSize(5);
        assertThat(order.getFirst()).as("granted in this order: " + order).isEqualTo("urgent");
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new RateGate(0, time, time::sleep, registry))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
