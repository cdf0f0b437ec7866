package com.mangahub.sync.mangadex;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for transient failures (5xx, timeouts, resets): 1 s doubling up to 32 s, at most
 * {@link #MAX_RETRIES} retries. Jitter of ±20% keeps many callers that failed together from retrying in lockstep.
 */
record Backoff(Duration first, Duration max, int maxRetries, RandomGenerator random) {
    static final int MAX_RETRIES = 5;

    static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), MAX_RETRIES, random);
    }

    /** Whether a call that has already been retried {@code retriesSoFar} times may try again. */
    boolean mayRetry(int retriesSoFar) {
        return retriesSoFar < maxRetries;
    }

    /** The pause before retry number {@code retry} (1-based): about 1 s, 2 s, 4 s, … never above the maximum. */
    Duration delayBefore(int retry) {
        long base = Math.min(max.toMillis(), first.toMillis() << Math.min(retry - 1, 20));
        double factor = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.min(max.toMillis(), Math.round(base * factor)));
    }
}
