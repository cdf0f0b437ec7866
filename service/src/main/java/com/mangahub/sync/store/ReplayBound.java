package com.mangahub.sync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How stale a standby may be, from positions alone: each look records the primary's WAL position with the time it
 * was read; a standby that has replayed past a position taken at {@code t} holds every transaction committed before
 * {@code t}, so it is at most {@code now - t} behind, measured on our clock only (no comparison of two servers' clocks,
 * and an idle primary does not read as lag the way {@code now() - pg_last_xact_replay_timestamp()} would).
 */
final class ReplayBound {
    /** Enough positions for minutes of looks; past it the oldest go, which can only overstate the lag. */
    private static final int MAX_SAMPLES = 1_024;

    private record Sample(Instant at, long position) {}

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records the primary's position read at {@code at}. */
    synchronized void primaryAt(Instant at, long position) {
        if (samples.size() == MAX_SAMPLES) samples.removeFirst();
        samples.addLast(new Sample(at, position));
    }

    /**
     * The standby has replayed up to {@code replayed}: how far behind it is at most as of {@code now}; empty when it
     * has not reached even the oldest position recorded (then it is at least {@link #atLeast} behind).
     */
    synchronized Optional<Duration> lagAt(Instant now, long replayed) {
        Sample reached = null;
        while (!samples.isEmpty() && samples.peekFirst().position() <= replayed) reached = samples.removeFirst();
        if (reached == null) return Optional.empty();
        // the newest position reached stays: the next look measures from it if the standby stops there
        samples.addFirst(reached);
        Duration lag = Duration.between(reached.at(), now);
        return Optional.of(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** Since the oldest position still unreached: the least a standby that reached none is behind. */
    synchronized Duration atLeast(Instant now) {
        return samples.isEmpty() ? Duration.ZERO : Duration.between(samples.peekFirst().at(), now);
    }
}
