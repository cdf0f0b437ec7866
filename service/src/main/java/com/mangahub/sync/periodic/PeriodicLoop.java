package com.mangahub.sync.periodic;

import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.time.WakeUp;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread running a {@link PeriodicWork}: again at once while it finds work, otherwise after the interval or as
 * soon as {@link #wake()} is called (a LISTEN/NOTIFY signal, a job just submitted). Polling is the path that always
 * works; waking only makes it faster. Stopping ends a wait at once and interrupts a round in progress.
 */
public final class PeriodicLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicLoop.class);
    /** How long {@link #close()} waits for a round in progress to commit or roll back. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Duration interval;
    private final Sleeper sleeper;
    private final PeriodicWork work;
    private final WakeUp wakeUp = new WakeUp();
    private volatile boolean running;
    private volatile Throwable stoppedBy;
    private Thread thread;

    /**
     * @param name     the thread's name, in logs and thread dumps
     * @param interval the wait after a round that found nothing (or failed)
     * @param sleeper  how to wait: {@link Sleeper#SYSTEM}, or fake time in tests
     */
    public PeriodicLoop(String name, Duration interval, Sleeper sleeper, PeriodicWork work) {
        this.name = name;
        this.interval = interval;
        this.sleeper = sleeper;
        this.work = work;
    }

    public synchronized PeriodicLoop start() {
        if (thread != null) throw new IllegalStateException(name + " already started");
        running = true;
        LoopRegistry.started(this);
        // A platform thread: a shutdown interrupt must end its waits, not close a JDBC socket mid-statement
        // (blocking socket I/O is interruptible on virtual threads only, and the pool then logs a broken link).
        // A daemon: the process ends through App.close and System.exit; a loop never keeps a JVM alive by itself.
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
        return this;
    }

    /** Runs the next round now rather than after the interval; cheap, never blocks. */
    public void wake() {
        wakeUp.ring();
    }

    private void loop() {
        try {
            while (running) {
                if (round() > 0) continue;
                try {
                    sleeper.sleepUnlessWoken(interval, wakeUp);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } catch (Error e) {
            // what a round cannot survive (OutOfMemoryError, StackOverflowError, a class that will not load): the
            // loop is gone, /health says so by name, and the default handler (CrashOnly) ends the process
            stoppedBy = e;
            throw e;
        }
    }

    /** The Error that ended this loop's thread without a stop, if one did. */
    public java.util.Optional<Throwable> stoppedBy() {
        return java.util.Optional.ofNullable(stoppedBy);
    }

    public String name() {
        return name;
    }

    private int round() {
        try {
            return work.runOnce();
        } catch (RuntimeException e) {
            // a database outage must neither end the thread nor spin it: log, wait an interval, try again
            log.warn("{} round failed: {}", name, e.getMessage());
            return 0;
        }
    }

    /**
     * Asks the loop to stop and returns without waiting: a wait ends at once, a round in progress is interrupted
     * (and its uncommitted work rolled back). For stopping several loops together before closing each.
     */
    public void stop() {
        Thread t = stopping();
        if (t != null) t.interrupt();
    }

    /** Stops, then waits for the round in progress to end. */
    @Override
    public void close() {
        Thread t = stopping();
        if (t == null) return;
        t.interrupt();
        try {
            t.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Thread stopping() {
        running = false;
        LoopRegistry.stopped(this);
        return thread;
    }
}
