package com.mangahub.sync.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.time.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one background loop: rounds back to back while there is work, a wait of one interval otherwise, a wake-up
 * ending that wait, failures survived, and a stop that is prompt however long the interval.
 */
class PeriodicLoopTest {
    /** Long enough that a test passing within it proves a wake-up or a stop, not the interval, ended the wait. */
    private static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void roundsThatFindWorkRunBackToBackThenTheLoopWaits() {
        List<Duration> slept = new CopyOnWriteArrayList<>();
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch waited = new CountDownLatch(1);
        // a fake sleeper records the wait, then parks the loop until it is stopped
        Sleeper recording = d -> {
            slept.add(d);
            waited.countDown();
            Thread.sleep(LONG);
        };
        int[] found = {3, 2, 0};
        try (PeriodicLoop loop = new PeriodicLoop("test-loop", Duration.ofSeconds(7), recording,
                () -> found[Math.min(rounds.getAndIncrement(), found.length - 1)]).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> waited.getCount() == 0);
            assertThat(rounds).hasValue(3);
            assertThat(slept).containsExactly(Duration.ofSeconds(7));
        }
    }

    @Test
    void aWakeUpEndsTheWaitAndRunsAnotherRound() {
        AtomicInteger rounds = new AtomicInteger();
        try (PeriodicLoop loop = new PeriodicLoop("test-loop", LONG, Sleeper.SYSTEM, () -> {
            rounds.incrementAndGet();
            return 0;
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 1);
            loop.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 2);
        }
    }

    @Test
    void aFailingRoundDoesNotEndTheLoop() {
        AtomicInteger rounds = new AtomicInteger();
        try (PeriodicLoop loop = new PeriodicLoop("test-loop", LONG, Sleeper.SYSTEM, () -> {
            if (rounds.incrementAndGet() == 1) throw new IllegalStateException("database down");
            return 0;
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 1);
            loop.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 2);
        }
    }

    @Test
    void closeEndsAWaitPromptlyAndInterruptsARoundInProgress() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        PeriodicLoop waiting = new PeriodicLoop("test-waiting", LONG, Sleeper.SYSTEM, () -> {
            rounds.incrementAndGet();
            return 0;
        }).start();
        PeriodicLoop busy = new PeriodicLoop("test-busy", LONG, Sleeper.SYSTEM, () -> {
            inRound.countDown();
            try {
                Thread.sleep(LONG);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return 1;
        }).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 1);
        assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        waiting.close();
        busy.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(interrupted).as("the round in progress saw the interrupt").isTrue();
        assertThat(rounds).as("no round after the stop").hasValue(1);
    }

    @Test
    void aLoopStartsOnce() {
        try (PeriodicLoop loop = new PeriodicLoop("test-loop", LONG, Sleeper.SYSTEM, () -> 0).start()) {
            assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
