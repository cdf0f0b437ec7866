package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How far behind a standby is, from the primary's positions and the times we read them. */
class ReplayBoundTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStandbyPastAPositionIsAtMostTheTimeSinceThatPositionWasReadBehind() {
        ReplayBound bound = new ReplayBound();
        bound.primaryAt(T0, 100);
        bound.primaryAt(T0.plusSeconds(1), 200);
        bound.primaryAt(T0.plusSeconds(2), 300);
        assertThat(bound.lagAt(T0.plusSeconds(3), 250)).contains(Duration.ofSeconds(2));
        // stuck there: the bound grows with our clock, from the same position
        assertThat(bound.lagAt(T0.plusSeconds(6), 250)).contains(Duration.ofSeconds(5));
        assertThat(bound.lagAt(T0.plusSeconds(6), 300)).contains(Duration.ofSeconds(4));
    }

    @Test
    void anIdlePrimaryIsNoLagOnceTheStandbyHasItsLastPosition() {
        ReplayBound bound = new ReplayBound();
        for (int s = 0; s < 60; s++) bound.primaryAt(T0.plusSeconds(s), 500);
        assertThat(bound.lagAt(T0.plusSeconds(60), 500)).contains(Duration.ofSeconds(1));
    }

    @Test
    void aStandbyThatReachedNoPositionIsAtLeastSinceTheOldestBehind() {
        ReplayBound bound = new ReplayBound();
        bound.primaryAt(T0, 100);
        bound.primaryAt(T0.plusSeconds(4), 150);
        assertThat(bound.lagAt(T0.plusSeconds(5), 99)).isEmpty();
        assertThat(bound.atLeast(T0.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }
}
