package com.mangahub.sync.workflow;

import com.mangahub.sync.store.AdvisoryLocks;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncState;
import com.mangahub.sync.store.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workflow at most once at a time across every instance sharing the database: a session-level
 * {@code pg_try_advisory_lock} per workflow, held on its own connection for the whole run, so a process that dies
 * releases it with its connection. Keeps {@code sync_state} and the metrics true around the run.
 */
final class ExclusiveRun {
    private static final Logger log = LoggerFactory.getLogger(ExclusiveRun.class);

    private final AdvisoryLocks locks;
    private final SyncStateStore states;
    private final SyncMetrics metrics;
    private final Clock clock;

    ExclusiveRun(Database db, SyncStateStore states, SyncMetrics metrics, Clock clock) {
        this.locks = new AdvisoryLocks(db);
        this.states = states;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs now unless another instance is running this workflow; empty then. Failures are recorded and rethrown. */
    <T> Optional<T> run(String workflow, Supplier<T> work) {
        return locked(workflow, () -> Optional.of(record(workflow, work)));
    }

    /**
     * Runs only when the last run (by any instance) started at least {@code interval} ago, checked under the lock,
     * so a period gets one run however many instances wake up for it.
     */
    <T> Optional<T> runIfDue(String workflow, Duration interval, Supplier<T> work) {
        return locked(workflow, () -> {
            SyncState state = states.read(workflow);
            Instant now = clock.instant();
            boolean due = state.lastRunAt().map(last -> !last.plus(interval).isAfter(now)).orElse(true);
            return due ? Optional.of(record(workflow, work)) : Optional.empty();
        });
    }

    /** Runs under a lock of its own (one series) with metrics under {@code type}, but no sync_state row. */
    <T> Optional<T> runMetered(String lockName, String type, Supplier<T> work) {
        return locked(lockName, () -> {
            long t0 = System.nanoTime();
            Runnable ended = metrics.started(type);
            try {
                return Optional.of(work.get());
            } catch (RuntimeException e) {
                metrics.error(type);
                throw e;
            } finally {
                ended.run();
                metrics.run(type, Duration.ofNanos(System.nanoTime() - t0));
            }
        });
    }

    private <T> T record(String workflow, Supplier<T> work) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        states.markRunning(workflow, start);
        Runnable ended = metrics.started(workflow);
        try {
            T result = work.get();
            states.markCompleted(workflow, clock.instant());
            return result;
        } catch (RuntimeException e) {
            metrics.error(workflow);
            if (Thread.currentThread().isInterrupted()) {
                log.info("{} stopped by shutdown ({}); it resumes from its cursor on the next run", workflow, e.getMessage());
            } else {
                log.warn("{} failed: {}", workflow, e.getMessage());
            }
            Bookkeeping.uninterrupted(() -> states.markError(workflow, clock.instant(), String.valueOf(e.getMessage())));
            throw e;
        } finally {
            ended.run();
            metrics.run(workflow, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private <T> Optional<T> locked(String workflow, Supplier<Optional<T>> work) {
        Optional<AdvisoryLocks.Held> lock = locks.tryHold(workflow);
        if (lock.isEmpty()) return Optional.empty();
        try {
            return work.get();
        } finally {
            Bookkeeping.uninterrupted(lock.get()::release);
        }
    }
}
