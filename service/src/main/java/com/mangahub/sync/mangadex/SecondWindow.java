package com.mangahub.sync.mangadex;

import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Guarantees what MangaDex counts: at most {@code limit} of our requests in any one-second window at its end. A
 * token bucket spaces the moments requests are granted, but MangaDex counts them when they arrive, and thread
 * scheduling, GC pauses and the network shift arrivals by an unknown delay (hundreds of milliseconds were measured
 * on a busy machine). What is certain is that a request arrives after it was granted and before its answer comes
 * back. So a request counts from its grant until one second after its answer, and a new grant waits while
 * {@code limit} requests count: then no one-second window can ever hold more than {@code limit} arrivals.
 */
final class SecondWindow {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    /** How often a caller looks again while every slot is held by a request still under way. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final int limit;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> answered = new ArrayDeque<>();
    private int underWay;

    SecondWindow(int limit, Clock clock, Sleeper sleeper) {
        if (limit < 1) throw new IllegalArgumentException("a window must admit at least one request");
        this.limit = limit;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    int limit() {
        return limit;
    }

    /** Blocks until one more request may go out; the caller must {@link #answered()} once it is over. */
    void enter() throws InterruptedException {
        enter(limit);
    }

    /**
     * Blocks until one more request may go out while at most {@code cap} (≤ limit) count: bulk work enters below the
     * limit so the last slot stays free for urgent requests.
     */
    void enter(int cap) throws InterruptedException {
        int within = Math.min(cap, limit);
        for (Duration wait = tryEnter(within); !wait.isZero(); wait = tryEnter(within)) {
            sleeper.sleep(wait);
        }
    }

    /** The request granted by {@link #enter()} is over (answered, failed or abandoned). */
    synchronized void answered() {
        underWay--;
        answered.addLast(clock.instant());
    }

    /** The request granted by {@link #enter()} never went out: it counts for nothing. */
    synchronized void abandoned() {
        underWay--;
    }

    private synchronized Duration tryEnter(int cap) {
        Instant now = clock.instant();
        while (!answered.isEmpty() && !answered.peekFirst().plus(WINDOW).isAfter(now)) answered.removeFirst();
        if (underWay + answered.size() < cap) {
            underWay++;
            return Duration.ZERO;
        }
        return answered.isEmpty() ? POLL : Duration.between(now, answered.peekFirst().plus(WINDOW));
    }
}
