package com.mangahub.sync.mangadex;

import com.mangahub.sync.time.Sleeper;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate every MangaDex request of the process passes: a Bucket4j token bucket at the configured rate, a
 * {@link SecondWindow} that bounds what MangaDex can count in any second, and a shutter that a 429 or a ban closes
 * for every caller at once (MangaDex renews a ban with every request sent while
 * it lasts, so pausing only the unlucky request would make things worse). Last comes the {@link SharedBudget} of all
 * instances behind the same IP, which the 429 shutter closes too.
 *
 * <p>Callers come in three {@link RequestPriority priorities}. A caller steps aside while a more urgent one waits (a
 * token it got meanwhile goes back to the bucket), and bulk work never takes the last request slot of a second, here
 * or in the shared budget: detection finds a slot within one token interval however much other work is queued.
 */
final class RateGate {
    private static final Logger log = LoggerFactory.getLogger(RateGate.class);
    /**
     * Requests reach MangaDex a little after their token is granted, by a delay that varies. The bucket spreads
     * {@code rate} tokens over one second plus this margin so the usual jitter never makes a second crowded; the
     * {@link SecondWindow} makes it impossible even when the delay is large.
     */
    static final Duration JITTER_MARGIN = Duration.ofMillis(50);
    /** How often a caller looks again while more urgent callers wait. */
    private static final Duration YIELD = Duration.ofMillis(20);

    private final Bucket bucket;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Timer waits;
    private final AtomicReference<Instant> closedUntil = new AtomicReference<>(Instant.MIN);
    private final SecondWindow window;
    private final SharedBudget shared;
    /** Callers waiting at the gate now, by priority. */
    private final AtomicIntegerArray waiting = new AtomicIntegerArray(RequestPriority.values().length);

    RateGate(double requestsPerSecond, Clock clock, Sleeper sleeper, MeterRegistry registry) {
        this(requestsPerSecond, SharedBudget.PROCESS_ONLY, clock, sleeper, registry);
    }

    RateGate(double requestsPerSecond, SharedBudget shared, Clock clock, Sleeper sleeper, MeterRegistry registry) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("MangaDex rate must be above 0 requests per second, was " + requestsPerSecond);
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.shared = shared;
        // A fractional rate (4.5) allows its whole part in any one second; below 1/s the bucket does the spacing.
        this.window = new SecondWindow(Math.max(1, (int) Math.floor(requestsPerSecond)), clock, sleeper);
        long intervalNanos = Math.round((1_000_000_000L + JITTER_MARGIN.toNanos()) / requestsPerSecond);
        // Capacity 1: no burst. MangaDex documents none, and a burst is exactly what tips a window over the limit.
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, Duration.ofNanos(intervalNanos)))
                .withCustomTimePrecision(new ClockTimeMeter(clock))
                .build();
        this.waits = Timer.builder("mangadex.rate.limit.wait")
                .description("Time requests waited at the MangaDex rate gate (token bucket and 429/ban pauses)")
                .register(registry);
    }

    /**
     * Blocks until this caller may send one request; close the permit once its answer (or failure) is in. Tokens
     * are taken when the caller actually runs, never reserved ahead: a reservation keeps its slot even when the
     * thread wakes late, so the next, punctual caller would follow it too closely.
     */
    Permit acquire() {
        RequestPriority priority = RequestPriority.current();
        waiting.incrementAndGet(priority.ordinal());
        try {
            while (true) {
                yieldTo(priority);
                Permit permit = acquire(priority);
                if (permit != null) return permit;
            }
        } finally {
            waiting.decrementAndGet(priority.ordinal());
        }
    }

    /** Whether a caller more urgent than {@code priority} waits at the gate now. */
    private boolean overtaken(RequestPriority priority) {
        for (int more = 0; more < priority.ordinal(); more++) if (waiting.get(more) > 0) return true;
        return false;
    }

    private void yieldTo(RequestPriority priority) {
        try {
            while (overtaken(priority)) sleeper.sleep(YIELD);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while waiting at the MangaDex rate gate", e);
        }
    }

    /** Slots of a second a caller may fill: bulk work all but one, so a more urgent request always finds one free. */
    private int slots(RequestPriority priority) {
        return priority == RequestPriority.BULK ? Math.max(1, window.limit() - 1) : window.limit();
    }

    /**
     * Enters the second window, takes a token and a shared slot. Null when a more urgent caller came while this one
     * waited: its token went back and it queues again.
     */
    private Permit acquire(RequestPriority priority) {
        int slots = slots(priority);
        Instant start = clock.instant();
        SharedBudget.Slot slot;
        try {
            window.enter(slots);
            try {
                do {
                    waitWhileClosed();
                    takeToken();
                    if (overtaken(priority)) {
                        bucket.addTokens(1);
                        window.abandoned();
                        return null;
                    }
                    // The gate may have closed while we waited for the token: that token is void, queue again.
                } while (isClosed());
                slot = claimShared(slots);
            } catch (InterruptedException | RuntimeException e) {
                window.answered();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while waiting at the MangaDex rate gate", e);
        }
        waits.record(Duration.between(start, clock.instant()));
        return () -> {
            window.answered();
            slot.close();
        };
    }

    /** Last, the budget shared with the other instances: the process's own gate has let us through already. */
    private SharedBudget.Slot claimShared(int slots) throws InterruptedException {
        while (true) {
            switch (shared.tryClaim(slots)) {
                case SharedBudget.Claim.Granted granted -> {
                    return granted.slot();
                }
                case SharedBudget.Claim.Wait wait -> sleeper.sleep(wait.duration());
            }
        }
    }

    /** One granted request; closing it starts the second during which it still counts at MangaDex's end. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private void takeToken() throws InterruptedException {
        for (ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1); !probe.isConsumed();
                probe = bucket.tryConsumeAndReturnRemaining(1)) {
            sleeper.sleep(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Closes the gate for everybody until {@code until}; a later instant from another caller wins. */
    void closeUntil(Instant until, String reason) {
        Instant previous = closedUntil.getAndAccumulate(until, (a, b) -> a.isAfter(b) ? a : b);
        if (until.isAfter(previous)) {
            log.warn("MangaDex gate closed for all callers until {} ({})", until, reason);
        }
        shared.closeUntil(until, reason);
    }

    Instant closedUntil() {
        return closedUntil.get();
    }

    private boolean isClosed() {
        return clock.instant().isBefore(closedUntil.get());
    }

    private void waitWhileClosed() throws InterruptedException {
        for (Instant now = clock.instant(); now.isBefore(closedUntil.get()); now = clock.instant()) {
            sleeper.sleep(Duration.between(now, closedUntil.get()));
        }
    }

    /** Bucket4j reads time through this, so the injected clock drives refills too. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
