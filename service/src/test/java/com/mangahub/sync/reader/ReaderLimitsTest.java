package com.mangahub.sync.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.LimitMeters;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A reader's follows and imports in flight, and their request bucket, without HTTP. */
class ReaderLimitsTest {
    private final LimitMeters meters = LimitMeters.unread();

    private ReaderLimits limits(int perSecond, int burst, int work) {
        return new ReaderLimits(new Config.Limits(10, 10, perSecond, burst, work, 0, 100, Duration.ofSeconds(10),
                Duration.ofSeconds(30)), meters);
    }

    @Test
    void aReaderWithTwoFollowsUnderWayIsRefusedAThirdAnotherReaderIsNotAndOneEndingMakesRoom() throws Exception {
        ReaderLimits limits = limits(0, 1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var first = CompletableFuture.supplyAsync(() -> limits.mangaDexWork(1, () -> hold(started, release)), threads);
        var second = CompletableFuture.supplyAsync(() -> limits.mangaDexWork(1, () -> hold(started, release)), threads);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> limits.mangaDexWork(1, () -> "third")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.limit()).isEqualTo(ReaderLimits.MANGADEX_WORK);
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(5));
        });
        assertThat(limits.mangaDexWork(2, () -> "another reader")).isEqualTo("another reader");
        assertThat(meters.refusals(ReaderLimits.MANGADEX_WORK)).isEqualTo(1);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(limits.mangaDexWork(1, () -> "now")).isEqualTo("now");
    }

    @Test
    void aFailedFollowGivesItsPlaceBack() {
        ReaderLimits limits = limits(0, 1, 1);
        assertThatThrownBy(() -> limits.mangaDexWork(1, () -> {
            throw new IllegalStateException("MangaDex said no");
        })).hasMessageContaining("MangaDex said no");
        assertThat(limits.mangaDexWork(1, () -> "again")).isEqualTo("again");
    }

    @Test
    void aReaderPastTheBurstIsRefusedWithTheWaitAndZeroMeansNoLimit() {
        ReaderLimits limits = limits(1, 3, 2);
        for (int i = 0; i < 3; i++) limits.spend(7);
        assertThatThrownBy(() -> limits.spend(7)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.limit()).isEqualTo(ReaderLimits.REQUESTS);
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(2)));
        });
        limits.spend(8);
        ReaderLimits none = limits(0, 1, 2);
        for (int i = 0; i < 10_000; i++) none.spend(7);
    }

    private static String hold(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
