package com.mangahub.sync.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wake-up ends a wait early, in real time and in fake time alike; rings coalesce. */
class SleeperTest {

    @Test
    void aRingEndsARealWaitAtOnce() throws Exception {
        WakeUp wakeUp = new WakeUp();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wakeUp.ring();
        });
        long started = System.nanoTime();
        Sleeper.SYSTEM.sleepUnlessWoken(Duration.ofMinutes(10), wakeUp);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void ringsWhileNobodyWaitsMakeOneEarlyWakeUp() throws Exception {
        WakeUp wakeUp = new WakeUp();
        wakeUp.ring();
        wakeUp.ring();
        Sleeper.SYSTEM.sleepUnlessWoken(Duration.ofMinutes(10), wakeUp);
        assertThat(wakeUp.takeRing()).as("the second ring was coalesced into the first").isFalse();
    }

    @Test
    void aFakeSleeperWaitsTheWholeIntervalUnlessARingIsPending() throws Exception {
        List<Duration> slept = new ArrayList<>();
        Sleeper fake = slept::add;
        WakeUp wakeUp = new WakeUp();
        wakeUp.ring();
        fake.sleepUnlessWoken(Duration.ofSeconds(1), wakeUp);
        assertThat(slept).isEmpty();
        fake.sleepUnlessWoken(Duration.ofSeconds(1), wakeUp);
        assertThat(slept).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void theSystemSleeperDoesNotWaitForNothing() throws Exception {
        long started = System.nanoTime();
        Sleeper.SYSTEM.sleep(Duration.ofSeconds(-5));
        Sleeper.SYSTEM.sleep(Duration.ZERO);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
