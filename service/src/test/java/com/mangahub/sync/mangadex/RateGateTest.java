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
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new RateGate(0, time, time::sleep, registry))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
