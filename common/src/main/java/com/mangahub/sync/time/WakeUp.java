package com.mangahub.sync.time;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A wake-up call for a thread waiting through {@link Sleeper#sleepUnlessWoken}: {@link #ring()} ends the current
 * wait early, or the next one when nobody waits yet. Rings coalesce (ten while the worker is busy make one early
 * wake-up, not ten), because a woken worker looks at everything pending anyway.
 */
public final class WakeUp {
    private final Semaphore rung = new Semaphore(0);

    /** Cheap and never blocks: safe from LISTEN/NOTIFY callbacks and request threads. */
    public void ring() {
        if (rung.availablePermits() == 0) rung.release();
    }

    /** Takes a pending ring; false when there was none. */
    boolean takeRing() {
        return rung.drainPermits() > 0;
    }

    /** Waits in real time until rung, at most {@code max}. */
    void await(Duration max) throws InterruptedException {
        rung.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS);
        // a ring that raced the one taken above is covered too: the woken worker's next round sees its work
        rung.drainPermits();
    }
}
