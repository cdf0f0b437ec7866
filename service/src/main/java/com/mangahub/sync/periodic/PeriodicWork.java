package com.mangahub.sync.periodic;

/** One round of background work, as a {@link PeriodicLoop} runs it. */
@FunctionalInterface
public interface PeriodicWork {
    /**
     * Does one round and says how much it found: more than 0 runs the next round at once (there may be more
     * waiting), 0 waits for the loop's interval or a wake-up first.
     */
    int runOnce();
}
