package com.mangahub.sync.mangadex;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate every MangaDex request of the process passes: a Bucket4j token bucket at the configured rate, plus a
 * shutter that a 429 or a ban closes for every caller at once (MangaDex renews a ban with every request sent while
 * it lasts, so pausing only the unlucky request would make things worse).
 */
final class RateGate {
    private static final Logger log = LoggerFactory.getLogger(RateGate.class);
    /**
     * Requests leave a little after their token is granted (thread wake-up, connection write), so two of them can
     * arrive closer together than the token interval. Spreading {@code rate} tokens over one second plus this
     * margin keeps MangaDex's count in any one-second window at or below the rate even with that jitter.
     */
    static final Duration JITTER_MARGIN = Duration.ofMillis(50);

    private final Bucket bucket;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Timer waits;
    private final AtomicReference<Instant> closedUntil = new AtomicReference<>(Instant.MIN);

    RateGate(double requestsPerSecond, Clock clock, Sleeper sleeper, MeterRegistry registry) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("MangaDex rate must be above 0 requests per second, was " + requestsPerSecond);
        }
        this.clock = clock;
        this.sleeper = sleeper;
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

    /** Blocks until this caller may send one request. */
    void acquire() {
        Instant start = clock.instant();
        try {
            do {
                waitWhileClosed();
                bucket.asBlocking().consume(1, sleepingStrategy());
                // The gate may have closed while we held a reservation: that token is void, queue again.
            } while (isClosed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while waiting at the MangaDex rate gate", e);
        }
        waits.record(Duration.between(start, clock.instant()));
    }

    /** Closes the gate for everybody until {@code until}; a later instant from another caller wins. */
    void closeUntil(Instant until, String reason) {
        Instant previous = closedUntil.getAndAccumulate(until, (a, b) -> a.isAfter(b) ? a : b);
        if (until.isAfter(previous)) {
            log.warn("MangaDex gate closed for all callers until {} ({})", until, reason);
        }
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

    private BlockingStrategy sleepingStrategy() {
        return nanos -> sleeper.sleep(Duration.ofNanos(nanos));
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
