package com.mangahub.sync.notify;

import com.mangahub.sync.store.OutboxStore.Backlog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The notification meters: {@code mangadex_notifications_sent_total{type}} (rows written), deliveries by channel and
 * outcome, and the outbox backlog (depth, age of the oldest pending event, dead events) as gauges.
 */
public final class NotifyMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicReference<Backlog> backlog = new AtomicReference<>(new Backlog(0, java.time.Duration.ZERO, 0));

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("mangahub.outbox.depth", backlog, b -> b.get().depth())
                .description("outbox events waiting to be fanned out").register(registry);
        Gauge.builder("mangahub.outbox.oldest.age.seconds", backlog, b -> b.get().oldestAge().toMillis() / 1000.0)
                .description("age of the oldest pending outbox event").register(registry);
        Gauge.builder("mangahub.outbox.dead", backlog, b -> b.get().dead())
                .description("outbox events given up after the maximum attempts").register(registry);
    }

    public void sent(String type, int count) {
        counters.computeIfAbsent("sent:" + type, k -> Counter.builder("mangadex.notifications.sent").tag("type", type)
                .description("notifications written, by type").register(registry)).increment(count);
    }

    /** One push over a channel (coap, sse) and how it ended (acked, sent, retransmitted, timeout, rejected, failed). */
    public void delivery(String channel, String outcome, int count) {
        // called once per acknowledgement: a cached counter, not a registry look-up each time
        counters.computeIfAbsent(channel + ":" + outcome, k -> Counter.builder("mangahub.notification.deliveries")
                .tag("channel", channel).tag("outcome", outcome)
                .description("notification pushes by channel and outcome").register(registry)).increment(count);
    }

    /** Pushes so far by channel, then outcome (acked, sent, timeout, …), since this process started. */
    public Map<String, Map<String, Long>> deliveries() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counters.forEach((key, counter) -> {
            if (key.startsWith("sent:")) return;
            String[] channelOutcome = key.split(":", 2);
            out.computeIfAbsent(channelOutcome[0], c -> new TreeMap<>())
                    .put(channelOutcome[1], (long) counter.count());
        });
        return out;
    }

    public void backlog(Backlog current) {
        backlog.set(current);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
