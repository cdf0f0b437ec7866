package com.mangahub.sync.workflow;

import com.mangahub.sync.support.SettableClock;
import com.mangahub.sync.time.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One run at a time and one run per period, across instances sharing the database. */
@ExtendWith(PostgresExtension.class)
class SchedulingTest {

    private static ExclusiveRun instance(Database db, SettableClock clock) {
        return new ExclusiveRun(db, new SyncStateStore(db), new SyncMetrics(new SimpleMeterRegistry()), clock);
    }

    @Test
    void aWorkflowRunningOnOneInstanceIsNotStartedOnAnother(Database db) throws Exception {
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        ExclusiveRun a = instance(db, clock);
        ExclusiveRun b = instance(db, clock);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> a.run("chapter_check", () -> {
            running.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.run("chapter_check", () -> "ran")).isEmpty();
        assertThat(b.run("reconcile", () -> "ran")).contains("ran");
        release.countDown();
        first.join();
        assertThat(b.run("chapter_check", () -> "ran")).contains("ran");
    }

    @Test
    void aRunInterruptedByShutdownStillRecordsItsStateAndReleasesItsLock(Database db) throws Exception {
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        ExclusiveRun a = instance(db, clock);
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        // a virtual thread, as the scheduler uses: its JDBC socket is closed by an interrupt
        Thread run = Thread.ofVirtual().start(() -> {
            try {
                a.run("chapter_check", () -> {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while backing off from MangaDex");
                });
            } catch (IllegalStateException expected) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        run.join();
        assertThat(stillInterrupted).as("the interrupt is handed back to the caller").isTrue();
        assertThat(new SyncStateStore(db).read("chapter_check").errorMessage())
                .contains("interrupted while backing off from MangaDex");
        assertThat(instance(db, clock).run("chapter_check", () -> "ran")).as("the lock was released").contains("ran");
    }

    @Test
    void twoSchedulersRunEachPeriodOnce(Database db) {
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        Runnable work = () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            concurrent.decrementAndGet();
        };
        List<Scheduler> schedulers = List.of(
                new Scheduler(instance(db, clock), Sleeper.SYSTEM, Duration.ofMillis(5)),
                new Scheduler(instance(db, clock), Sleeper.SYSTEM, Duration.ofMillis(5)));
        schedulers.forEach(s -> s.start(List.of(new Scheduler.Task("chapter_check", Duration.ofMinutes(1), work))));
        try {
            for (int minute = 1; minute <= 5; minute++) {
                int expected = minute;
                await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= expected);
                clock.advance(Duration.ofMinutes(1));
            }
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 6);
        } finally {
            schedulers.forEach(Scheduler::close);
        }
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aFailedRunIsRecordedWithItsMessageAndRethrown(Database db) {
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        SyncStateStore states = new SyncStateStore(db);
        assertThatThrownBy(() -> instance(db, clock).run("reconcile", () -> {
            throw new IllegalStateException("MangaDex is down");
        })).hasMessage("MangaDex is down");
        assertThat(states.read("reconcile").status()).isEqualTo("error");
        assertThat(states.read("reconcile").errorMessage()).isEqualTo(Optional.of("MangaDex is down"));
        instance(db, clock).run("reconcile", () -> 1);
        assertThat(states.read("reconcile").status()).isEqualTo("completed");
        assertThat(states.read("reconcile").errorMessage()).isEmpty();
    }
}
