package com.mangahub.sync.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for the long-running commands (serve, demo, simulator). They are caught rather than left to
 * shutdown hooks, so a requested stop closes everything in order and exits 0, not 143. Install it before starting
 * anything, so a signal that arrives during start-up is not lost.
 */
final class StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ShutdownWatchdog watchdog = new ShutdownWatchdog(ShutdownWatchdog.BUDGET, Runtime.getRuntime()::halt);

    private StopSignal() {}

    /** Also arms a {@link ShutdownWatchdog}: however the orderly stop goes, the process ends within its budget. */
    static StopSignal install() {
        StopSignal signal = new StopSignal();
        Signal.handle(new Signal("TERM"), s -> signal.requested());
        Signal.handle(new Signal("INT"), s -> signal.requested());
        return signal;
    }

    private void requested() {
        watchdog.arm();
        stop.countDown();
    }

    /** Blocks until SIGTERM or SIGINT arrives. */
    void await() throws InterruptedException {
        stop.await();
    }
}
