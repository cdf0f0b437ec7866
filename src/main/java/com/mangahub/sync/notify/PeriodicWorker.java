package com.mangahub.sync.notify;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread running a {@code runOnce} step: again at once while it finds work, otherwise after the poll interval or
 * as soon as {@link #wake()} is called. Polling is the path that always works; waking only makes it faster.
 */
final class PeriodicWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicWorker.class);

    private final String name;
    private final Duration pollInterval;
    private final IntSupplier step;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    PeriodicWorker(String name, Duration pollInterval, IntSupplier step) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.step = step;
    }

    synchronized void start() {
        if (thread != null) throw new IllegalStateException(name + " already started");
        running = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    void wake() {
        if (wakeups.availablePermits() == 0) wakeups.release();
    }

    private void loop() {
        while (running) {
            int found;
            try {
                found = step.getAsInt();
            } catch (RuntimeException e) {
                // a database outage must not end the thread: log, wait a poll interval, try again
                log.warn("{} step failed: {}", name, e.getMessage());
                found = 0;
            }
            if (found > 0) continue;
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) return;
        t.interrupt();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
