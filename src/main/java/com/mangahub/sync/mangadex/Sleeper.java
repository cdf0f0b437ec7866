package com.mangahub.sync.mangadex;

import java.time.Duration;

/**
 * Waiting as a dependency: the client never calls {@code Thread.sleep} itself, so tests can pair a fake sleeper
 * with a fake {@link java.time.Clock} and cover minutes of backoff in milliseconds.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> {
        if (duration.isPositive()) Thread.sleep(duration);
    };

    void sleep(Duration duration) throws InterruptedException;
}
