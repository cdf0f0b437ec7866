package com.mangahub.sync.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The meters of every limit, one shape for all: {@code mangahub_limit_refusals_total{limit}} counts what each refused,
 * {@code mangahub_limit_in_use{limit}} and {@code mangahub_limit_cap{limit}} show how close each is (0 for a cap:
 * none). An operator sizes the caps from these (docs/operations-limits.md).
 */
public final class LimitMeters {
    private final MeterRegistry registry;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public LimitMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters nobody reads, for a component built without a registry (tests). */
    public static LimitMeters unread() {
        return new LimitMeters(new SimpleMeterRegistry());
    }

    /** One refusal by {@code limit}; cheap enough to call for every refused request of a flood. */
    public void refused(String limit) {
        refusals.computeIfAbsent(limit, l -> Counter.builder("mangahub.limit.refusals").tag("limit", l)
                .description("requests, streams, observations and connections refused, by the limit that refused them")
                .register(registry)).increment();
    }

    /** Refusals by {@code limit} since start. */
    public long refusals(String limit) {
        Counter c = refusals.get(limit);
        return c == null ? 0 : (long) c.count();
    }

    /** Publishes a limit's current use (read at scrape time) and its cap. */
    public void watch(String limit, Supplier<Number> inUse, double cap) {
        // held strongly: a gauge keeps its object weakly, and the supplier is often a lambda nothing else holds
        Gauge.builder("mangahub.limit.in.use", inUse, s -> s.get().doubleValue()).strongReference(true).tag("limit", limit)
                .description("what each limit currently holds (for a per-reader cap: all readers together)")
                .register(registry);
        Gauge.builder("mangahub.limit.cap", () -> cap).tag("limit", limit)
                .description("each limit's configured value (0: no cap)").register(registry);
    }
}
