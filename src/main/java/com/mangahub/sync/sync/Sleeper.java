package com.mangahub.sync.sync;

import java.time.Duration;

/** How the scheduler waits between checks; tests and simulations may wait differently. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d);

    void sleep(Duration d) throws InterruptedException;
}
