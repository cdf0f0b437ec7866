package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = Backoff.standard(new SplittableRandom(7));

    @Test
    void delaysStartAroundOneSecondAndDoubleWithJitter() {
        for (int retry = 1; retry <= 5; retry++) {
            long base = 1000L << (retry - 1);
            assertThat(backoff.delayBefore(retry).toMillis()).isBetween(Math.round(base * 0.8), Math.min(32_000, Math.round(base * 1.2)));
        }
    }

    @Test
    void delaysNeverExceedThirtyTwoSeconds() {
        for (int retry = 1; retry <= 40; retry++) {
            assertThat(backoff.delayBefore(retry)).isLessThanOrEqualTo(Duration.ofSeconds(32));
        }
        assertThat(backoff.delayBefore(7)).isGreaterThanOrEqualTo(Duration.ofMillis(25_600));
    }

    @Test
    void atMostFiveRetries() {
        assertThat(backoff.mayRetry(4)).isTrue();
        assertThat(backoff.mayRetry(5)).isFalse();
    }

    @Test
    void jitterSpreadsCallersThatFailedTogether() {
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.delayBefore(3)).distinct().count())
                .isGreaterThan(10);
    }
}
