package com.mangahub.sync.time;

import java.time.Duration;

/**
 * Waiting as a dependency: nothing of ours calls {@code Thread.sleep} itself, so tests pair a fake sleeper with a
 * fake {@link java.time.Clock} and cover minutes of backoff, latency or polling in milliseconds.
 */
@FunctionalInterface
public interface Sleeper {
    /** Real time: the thread waits, and an interrupt (shutdown) ends the wait. */
    Sleeper SYSTEM = new Sleeper() {
        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) Thread.sleep(duration);
        }

        @Override
        public void sleepUnlessWoken(Duration max, WakeUp wakeUp) throws InterruptedException {
            wakeUp.await(max);
        }
    };

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits {@code max}, or less when {@code wakeUp} rings. This default is for fake sleepers, whose sleep moves a
     * clock rather than the thread: a ring already pending ends the wait at once, otherwise the whole {@code max}
     * passes.
     */
    default void sleepUnlessWoken(Duration max, WakeUp wakeUp) throws InterruptedException {
        if (!wakeUp.takeRing()) sleep(max);
    }
}
