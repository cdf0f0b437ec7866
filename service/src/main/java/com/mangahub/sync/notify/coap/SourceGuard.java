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
 * What the CoAP edge remembers about the addresses talking to it: a token bucket per source IP for unauthenticated
 * traffic (ports are free to a flooder, so the IP is the unit), and per source address (IP and port) whether it
 * presented a valid token, its own bucket if so, and how many bytes went each way. An authenticated address spends
 * only its own bucket: a flood from another port of its IP (a NAT, a shared host, an attacker beside it) cannot
 * starve its ACKs, RSTs and re-registrations. Both tables are bounded (least recently used entries are forgotten).
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
        /** Set once this address and port presented a valid token; null while it never did. */
        Bucket own;
    }

    /** The reason to drop an inbound datagram, or null to let it in. */
    String screenInbound(InetSocketAddress source, int length) {
        if (length > MAX_DATAGRAM) return "oversized";
        Bucket own;
        synchronized (traffic) {
            Traffic t = traffic.get(source);
            own = t == null ? null : t.own;
        }
        if (!(own != null ? own : sharedBucket(source)).tryConsume(1)) return "rate_limited";
        synchronized (traffic) {
            traffic.computeIfAbsent(source, s -> new Traffic()).in += length;
        }
        return null;
    }

    private Bucket sharedBucket(InetSocketAddress source) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(source.getAddress(), a -> newBucket());
        }
    }

    /** Whether an outbound datagram may go: always to an authenticated address, else only within what it sent us. */
    boolean admitOutbound(InetSocketAddress destination, int length) {
        synchronized (traffic) {
            Traffic t = traffic.computeIfAbsent(destination, s -> new Traffic());
            if (t.own == null && t.out + length > t.in) return false;
            t.out += length;
            return true;
        }
    }

    /** This address and port presented a valid token: from now on it spends a budget of its own. */
    void authenticated(InetSocketAddress source) {
        synchronized (traffic) {
            Traffic t = traffic.computeIfAbsent(source, s -> new Traffic());
            if (t.own == null) t.own = newBucket();
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
