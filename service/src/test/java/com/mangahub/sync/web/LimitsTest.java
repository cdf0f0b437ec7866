package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two building blocks of every limit: slots per key, and admission by heap headroom. */
class LimitsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LimitMeters meters = new LimitMeters(registry);

    @Test
    void aKeyHoldsAtMostItsCapAndTheNextIsRefusedAndCountedUntilOneIsGivenBack() {
        SlotCap<Long> cap = new SlotCap<>("streams", 2, meters);

        assertThat(cap.tryTake(1L)).isTrue();
        assertThat(cap.tryTake(1L)).isTrue();
        assertThat(cap.tryTake(1L)).isFalse();
        assertThat(cap.tryTake(2L)).as("another key has its own slots").isTrue();
        assertThat(meters.refusals("streams")).isEqualTo(1);
        assertThat(cap.total()).isEqualTo(3);
        assertThat(cap.largest()).isEqualTo(2);
        assertThat(registry.get("mangahub.limit.in.use").tag("limit", "streams").gauge().value()).isEqualTo(3);
        assertThat(registry.get("mangahub.limit.cap").tag("limit", "streams").gauge().value()).isEqualTo(2);

        cap.give(1L);
        assertThat(cap.tryTake(1L)).isTrue();
        cap.give(1L);
        cap.give(1L);
        cap.give(2L);
        assertThat(cap.total()).isZero();
        assertThat(cap.held(1L)).isZero();
    }

    @Test
    void refusalsUseAndCapsAreOnTheMetricsPageByLimit() {
        var prometheus = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        SlotCap<Long> cap = new SlotCap<>("streams", 1, new LimitMeters(prometheus));
        cap.tryTake(1L);
        cap.tryTake(1L);
        assertThat(prometheus.scrape()).contains("mangahub_limit_in_use{limit=\"streams\"} 1")
                .contains("mangahub_limit_cap{limit=\"streams\"} 1")
                .contains("mangahub_limit_refusals_total{limit=\"streams\"} 1");
    }

    @Test
    void aCapOfZeroOnlyCounts() {
        SlotCap<String> cap = new SlotCap<>("unlimited", 0, meters);
        for (int i = 0; i < 10_000; i++) assertThat(cap.tryTake("one")).isTrue();
        assertThat(cap.held("one")).isEqualTo(10_000);
        assertThat(meters.refusals("unlimited")).isZero();
    }

    @Test
    void theHeapAdmitsWhileTheReserveStaysFreeAndRefusesAfterOneCollectionDidNotFreeEnough() {
        AtomicLong used = new AtomicLong(50);
        AtomicInteger collections = new AtomicInteger();
        AtomicLong nanos = new AtomicLong();
        HeapHeadroom heap = new HeapHeadroom(20, 100 * 100, () -> used.get() * 100, collections::incrementAndGet,
                nanos::get, meters);

        assertThat(heap.reserve()).isEqualTo(2_000);
        assertThat(heap.admits(1_000)).as("5,000 used + 1,000 of 10,000 leaves 4,000 free").isTrue();
        used.set(75);
        assertThat(heap.admits(1_000)).as("1,500 would stay free, under the 2,000 reserve").isFalse();
        assertThat(collections).as("a refusal first collects, once").hasValue(1);
        assertThat(heap.admits(1_000)).isFalse();
        assertThat(collections).as("not again within 5 s").hasValue(1);
        assertThat(meters.refusals(HeapHeadroom.LIMIT)).isEqualTo(2);

        nanos.addAndGet(6_000_000_000L);
        Runnable freed = () -> used.set(30);
        HeapHeadroom collecting = new HeapHeadroom(20, 100 * 100, () -> used.get() * 100, freed, nanos::get, meters);
        used.set(90);
        assertThat(collecting.admits(1_000)).as("the collection freed what was garbage").isTrue();
    }

    @Test
    void aReserveOfZeroAdmitsEverything() {
        HeapHeadroom off = new HeapHeadroom(0, 100, () -> 100, () -> { }, System::nanoTime, meters);
        assertThat(off.admits(1_000_000)).isTrue();
    }
}
