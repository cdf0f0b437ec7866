package com.mangahub.sync.workflow;

import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each recurring workflow on its own interval, in its own {@link PeriodicLoop}, so a long import never delays
 * the chapter stream. Every instance wakes up every tick and asks {@link ExclusiveRun#runIfDue}: the advisory lock
 * and the shared {@code sync_state.last_run_at} give one run per period across all instances.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    /** A recurring workflow. */
    record Task(String workflow, Duration interval, Runnable work) {}

    private final ExclusiveRun run;
    private final Sleeper sleeper;
    private final Duration tick;
    private final List<PeriodicLoop> loops = new ArrayList<>();

    Scheduler(ExclusiveRun run, Sleeper sleeper, Duration tick) {
        this.run = run;
        this.sleeper = sleeper;
        this.tick = tick;
    }

    synchronized void start(List<Task> tasks) {
        for (Task task : tasks) {
            loops.add(new PeriodicLoop("sync-" + task.workflow(), tick, sleeper, () -> runOnce(task)).start());
        }
    }

    /** Runs the task when its period is due (checked across instances); 0 always, as the next run is a period away. */
    int runOnce(Task task) {
        try {
            run.runIfDue(task.workflow(), task.interval(), () -> {
                task.work().run();
                return Boolean.TRUE;
            });
        } catch (RuntimeException e) {
            // already recorded in sync_state and the metrics; the next period tries again
            log.debug("{} run failed", task.workflow(), e);
        }
        return 0;
    }

    /** Stops waking up; a run in progress is interrupted and its uncommitted page rolled back. */
    @Override
    public synchronized void close() {
        // every loop is told first, so the workflows stop together rather than one after another
        loops.forEach(PeriodicLoop::stop);
        loops.forEach(PeriodicLoop::close);
        loops.clear();
    }
}
