package com.mangahub.sync.simulator;

import java.time.Duration;

/** Waits; injected so the pipeline's delays (latency, slow bodies) are a dependency like the clock. */
@FunctionalInterface
interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
}
