package com.mangahub.sync.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code perKey} slots held per key at once (a reader's open streams, a token's observations, an address's
 * pending connections); 0 means no
 * cap, only counting. A refusal is counted on {@link LimitMeters} under the cap's name; {@code in_use} is the total
 * held and the largest holder is in {@link #largest()}.
 */
public final class SlotCap<K> {
    private final String limit;
    private final int perKey;
    private final LimitMeters meters;
    private final Map<K, Integer> held = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public SlotCap(String limit, int perKey, LimitMeters meters) {
        this.limit = limit;
        this.perKey = perKey;
        this.meters = meters;
        meters.watch(limit, total::get, perKey);
    }

    /** Takes a slot of {@code key} unless it holds its cap already (then the refusal is counted). */
    public boolean tryTake(K key) {
        boolean[] taken = {false};
        // compute is atomic per key: two requests of one reader racing for its last slot cannot both win it
        held.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (perKey > 0 && now >= perKey) return n;
            taken[0] = true;
            return now + 1;
        });
        if (taken[0]) {
            total.incrementAndGet();
        } else {
            meters.refused(limit);
        }
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryTake}; exactly once per slot taken. */
    public void give(K key) {
        held.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    public int held(K key) {
        return held.getOrDefault(key, 0);
    }

    public int total() {
        return total.get();
    }

    /** The most slots any one key holds now (O(keys): for a status page, not a hot path). */
    public int largest() {
        return held.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public String limit() {
        return limit;
    }

    public int perKey() {
        return perKey;
    }
}
