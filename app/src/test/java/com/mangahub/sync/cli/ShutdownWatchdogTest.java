package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SIGTERM ends the process within the budget whatever hangs: the watchdog halts once the budget has passed. */
class ShutdownWatchdogTest {
    @Test
    void aStopThatOutlastsTheBudgetIsHaltedWithANonZeroCode() {
        AtomicInteger halted = new AtomicInteger(-1);
        ShutdownWatchdog watchdog = new ShutdownWatchdog(Duration.ofMillis(200), halted::set);
        watchdog.arm();
        await().atMost(Duration.ofSeconds(5)).until(() -> halted.get() == ShutdownWatchdog.EXIT_CODE);
    }

    @Test
    void anUnarmedWatchdogNeverHalts() throws InterruptedException {
        AtomicInteger halted = new AtomicInteger(-1);
        new ShutdownWatchdog(Duration.ofMillis(50), halted::set);
        Thread.sleep(300); // the absence of a halt over several budgets is what is checked
        assertThat(halted).hasValue(-1);
    }

    @Test
    void theBudgetLeavesRoomUnderTenSeconds() {
        assertThat(ShutdownWatchdog.BUDGET).isLessThan(Duration.ofSeconds(10));
    }
}
