package com.mangahub.sync.notify.coap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the CoAP edge remembers about the addresses talking to it: a token bucket per source IP (ports are free to a
 * flooder, so the IP is the unit), and per source address whether it ever authenticated and how many bytes went
 * each way. Both tables are bounded (least recently used entries are forgotten).
 */
final class SourceGuard {
    static final int MAX_DATAGRAM = 1024;
    private static final int MAX_SOURCES = 100_000;

    private final int rate;
    private final Map<InetAddress, Bucket> buckets = lru();
    private final Map<InetSocketAddress, Traffic> traffic = lru();
    private final MeterRegistry metrics;

    SourceGuard(int ratePerSecond, MeterRegistry metrics) {
        this.rate = ratePerSecond;
        this.metrics = metrics;
    }

    private static final class Traffic {
        long in;
        long out;
        boolean authenticated;
    }

    /** The reason to drop an inbound datagram, or null to let it in. */
    String screenInbound(InetSocketAddress source, int length) {
        if (length > MAX_DATAGRAM) return "oversized";
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(source.getAddress(), a -> newBucket());
        }
        if (!bucket.tryConsume(1)) return "rate_limited";
        synchronized (traffic) {
            traffic.computeIfAbsent(source, s -> new Traffic()).in += length;
        }
        return null;
    }

    /** Whether an outbound datagram may go: always to an authenticated address, else only within what it sent us. */
    boolean admitOutbound(InetSocketAddress destination, int length) {
        synchronized (traffic) {
            Traffic t = traffic.computeIfAbsent(destination, s -> new Traffic());
            if (!t.authenticated && t.out + length > t.in) return false;
            t.out += length;
            return true;
        }
    }

    void authenticated(InetSocketAddress source) {
        synchronized (traffic) {
            traffic.computeIfAbsent(source, s -> new Traffic()).authenticated = true;
        }
    }

    void dropped(String reason) {
        Counter.builder("mangahub.coap.datagrams.dropped").tag("reason", reason)
                .description("CoAP datagrams dropped before processing, by reason").register(metrics).increment();
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(2L * rate).refillGreedy(rate,
                java.time.Duration.ofSeconds(1)).build()).build();
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_SOURCES;
            }
        };
    }
}
