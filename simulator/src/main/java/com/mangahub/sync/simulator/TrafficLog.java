package com.mangahub.sync.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts requests by endpoint and status, and the busiest sliding second per client. Arrival times are the
 * server's monotonic nanoseconds, not the world clock, so a client's real request rate is measured even when the
 * world's clock is a settable one.
 */
final class TrafficLog {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong tooMany = new AtomicLong();
    private final AtomicLong bans = new AtomicLong();

    void arrived(String client, long nanos) {
        total.incrementAndGet();
        Window window = windows.computeIfAbsent(client, k -> new Window());
        synchronized (window) {
            window.add(nanos);
        }
    }

    /** One answer to {@code request} ("GET /manga"), counted under its status label ("200", "429", "reset"…). */
    void answered(String request, String status) {
        byKey.computeIfAbsent(request + " " + status, k -> new AtomicLong()).incrementAndGet();
        if (status.equals("429")) tooMany.incrementAndGet();
    }

    /** Moves one answer already counted under {@code from} to {@code to}, as when the client left mid-answer. */
    void reclassified(String request, String from, String to) {
        byKey.computeIfAbsent(request + " " + from, k -> new AtomicLong()).decrementAndGet();
        if (from.equals("429")) tooMany.decrementAndGet();
        answered(request, to);
    }

    void banned() {
        bans.incrementAndGet();
    }

    SimulatorStats snapshot() {
        Map<String, Long> counts = new HashMap<>();
        byKey.forEach((k, v) -> counts.put(k, v.get()));
        Map<String, Integer> perClient = new HashMap<>();
        windows.forEach((client, w) -> {
            synchronized (w) {
                perClient.put(client, w.max);
            }
        });
        int max = perClient.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new SimulatorStats(total.get(), counts, tooMany.get(), bans.get(), max, perClient);
    }

    void reset() {
        byKey.clear();
        windows.clear();
        total.set(0);
        tooMany.set(0);
        bans.set(0);
    }

    /**
     * Recent arrivals, sorted, and the most ever seen in a half-open window (t - 1 s, t]. Threads may log arrivals
     * slightly out of order, so a late-logged earlier arrival is inserted in place and the windows it falls into
     * are recounted: the maximum stays exact whatever the logging order.
     */
    private static final class Window {
        private final java.util.ArrayList<Long> arrivals = new java.util.ArrayList<>();
        private int max;

        void add(long nanos) {
            int at = arrivals.size();
            while (at > 0 && arrivals.get(at - 1) > nanos) at--;
            arrivals.add(at, nanos);
            long newest = arrivals.get(arrivals.size() - 1);
            int drop = 0;
            while (newest - arrivals.get(drop) >= 2 * SECOND_NANOS) drop++;
            arrivals.subList(0, drop).clear();
            at -= drop;
            for (int end = Math.max(at, 0); end < arrivals.size() && arrivals.get(end) - nanos < SECOND_NANOS; end++) {
                max = Math.max(max, countEndingAt(end));
            }
        }

        private int countEndingAt(int end) {
            long last = arrivals.get(end);
            int start = end;
            while (start > 0 && last - arrivals.get(start - 1) < SECOND_NANOS) start--;
            return end - start + 1;
        }
    }
}
