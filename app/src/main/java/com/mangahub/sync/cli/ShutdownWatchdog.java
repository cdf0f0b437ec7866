package com.mangahub.sync.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM ends the process within {@link #BUDGET}, whatever hangs: once a stop is asked for, an orderly close has that
 * long, then the process halts with {@link #EXIT_CODE}. Its thread is started with the process, not at the signal: a
 * process out of memory could not start a thread then.
 */
final class ShutdownWatchdog {
    /** Under systemd's and Kubernetes' shortest usual grace before SIGKILL (10 s and more). */
    static final Duration BUDGET = Duration.ofSeconds(9);
    static final int EXIT_CODE = 1;
    private static final Logger log = LoggerFactory.getLogger(ShutdownWatchdog.class);

    private final CountDownLatch asked = new CountDownLatch(1);

    /**
     * @param budget how long an orderly stop may take once {@link #arm()} is called
     * @param halt   what ends the process ({@code Runtime.getRuntime()::halt} in the service)
     */
    ShutdownWatchdog(Duration budget, IntConsumer halt) {
        Thread.ofPlatform().name("shutdown-watchdog").daemon(true).start(() -> {
            try {
                asked.await();
                Thread.sleep(budget);
            } catch (InterruptedException e) {
                return;
            }
            log.error("stopping took longer than {} ms: halting with code {}", budget.toMillis(), EXIT_CODE);
            halt.accept(EXIT_CODE);
        });
    }

    /** A stop was asked for: the countdown starts. Never blocks, never allocates a thread. */
    void arm() {
        asked.countDown();
    }
}
