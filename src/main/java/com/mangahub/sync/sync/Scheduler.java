package com.mangahub.sync.sync;

import com.mangahub.sync.mangadex.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each recurring workflow on its own interval, on its own thread, so a long import never delays the chapter
 * stream. Every instance wakes up every tick and asks {@link ExclusiveRun#runIfDue}: the advisory lock and the
 * shared {@code sync_state.last_run_at} give one run per period across all instances.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    /** A recurring workflow. */
    record Task(String workflow, Duration interval, Runnable work) {}

    private final ExclusiveRun run;
    private final Sleeper sleeper;
    private final Duration tick;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Scheduler(ExclusiveRun run, Sleeper sleeper, Duration tick) {
        this.run = run;
        this.sleeper = sleeper;
        this.tick = tick;
    }

    synchronized void start(List<Task> tasks) {
        for (Task task : tasks) {
            // A platform thread: a shutdown interrupt must end its waits, not close a JDBC socket mid-statement
            // (blocking socket I/O is interruptible on virtual threads only, and the pool then logs a broken link).
            threads.add(Thread.ofPlatform().name("sync-" + task.workflow()).start(() -> loop(task)));
        }
    }

    private void loop(Task task) {
        while (!stopping) {
            try {
                run.runIfDue(task.workflow(), task.interval(), () -> {
                    task.work().run();
                    return Boolean.TRUE;
                });
            } catch (RuntimeException e) {
                // already recorded in sync_state and the metrics; the next period tries again
                log.debug("{} run failed", task.workflow(), e);
            }
            try {
                sleeper.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops waking up; a run in progress is interrupted and its uncommitted page rolled back. */
    @Override
    public synchronized void close() {
        stopping = true;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
