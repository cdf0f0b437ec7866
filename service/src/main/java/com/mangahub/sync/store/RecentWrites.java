package com.mangahub.sync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which readers wrote something just now (a follow, a mark-read, any change through the API), so that their next
 * reads go to the primary and show it: a standby in use is at most its {@code maxLag} plus one look behind, so a
 * write older than {@link #window} is on it. Held per process: a balancer that keeps a reader on one api process
 * (as CoAP already needs source affinity) keeps the rule exact; see docs/operations.md.
 */
public final class RecentWrites {
    private final Clock clock;
    private final Duration window;
    private final Map<Long, Instant> writes = new ConcurrentHashMap<>();

    public RecentWrites(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** How long after a write its reader reads the primary: the replica's max lag plus two looks at it. */
    public static RecentWrites after(ReadReplica replica, Clock clock) {
        return new RecentWrites(clock, replica.maxLag().plus(ReadReplica.INTERVAL.multipliedBy(2)));
    }

    /** Readers never read a replica (none configured): nothing to remember. */
    public static RecentWrites none(Clock clock) {
        return new RecentWrites(clock, Duration.ZERO);
    }

    /** The reader just wrote (called once the write has committed). */
    public void wrote(long userId) {
        if (window.isZero()) return;
        Instant now = clock.instant();
        writes.put(userId, now);
        // forgetting as we go keeps the map at the readers who wrote within the window
        if (writes.size() > 1_000) writes.values().removeIf(at -> at.plus(window).isBefore(now));
    }

    /** Whether the reader wrote within the window. */
    public boolean recent(long userId) {
        Instant at = writes.get(userId);
        return at != null && !at.plus(window).isBefore(clock.instant());
    }

    public Duration window() {
        return window;
    }

    /** Readers remembered now: those in their window, and at most a thousand more not swept yet. */
    int remembered() {
        return writes.size();
    }
}
