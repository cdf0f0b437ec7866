package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** maxRequestsInAnySecond is an exact sliding window over arrival times, not a count per calendar second. */
class TrafficLogTest {
    private static final long MS = 1_000_000L;
    private final TrafficLog log = new TrafficLog();

    @Test
    void aWindowStraddlingTwoCalendarSecondsIsCountedWhole() {
        for (long at : new long[] {900, 950, 1000, 1050, 1100, 1150}) log.arrived("a", at * MS);
        assertThat(log.snapshot().maxRequestsInAnySecond()).isEqualTo(6);
    }

    @Test
    void anArrivalExactlyOneSecondLaterNoLongerSharesTheWindow() {
        for (long at : new long[] {0, 500, 999, 1000, 1200}) log.arrived("a", at * MS);
        assertThat(log.snapshot().maxRequestsInAnySecond()).isEqualTo(4); // (200 ms, 1200 ms]: 500, 999, 1000, 1200
    }

    @Test
    void fiveEvenlySpacedRequestsPerSecondNeverExceedFive() {
        for (int i = 0; i < 50; i++) log.arrived("a", i * 200 * MS);
        assertThat(log.snapshot().maxRequestsInAnySecond()).isEqualTo(5);
    }

    @Test
    void anEarlierArrivalLoggedLateStillCountsInEveryWindowItBelongsTo() {
        for (long at : new long[] {0, 300, 900, 600}) log.arrived("a", at * MS);
        assertThat(log.snapshot().maxRequestsInAnySecond()).isEqualTo(4);
        log.arrived("a", 1250 * MS);
        assertThat(log.snapshot().maxRequestsInAnySecond()).isEqualTo(4);
    }

    @Test
    void clientsAreCountedSeparately() {
        for (int i = 0; i < 3; i++) log.arrived("a", i * MS);
        for (int i = 0; i < 4; i++) log.arrived("b", i * MS);
        SimulatorStats stats = log.snapshot();
        assertThat(stats.maxRequestsInAnySecond()).isEqualTo(4);
        assertThat(stats.maxRequestsInAnySecondByClient()).containsEntry("a", 3).containsEntry("b", 4);
        assertThat(stats.totalRequests()).isEqualTo(7);
    }
}
