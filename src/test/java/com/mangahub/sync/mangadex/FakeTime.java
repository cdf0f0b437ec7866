package com.mangahub.sync.mangadex;

import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for the client: a clock plus a sleeper that, instead of waiting, moves the clock to the end of the
 * sleep. Concurrent sleepers overlap (the clock moves to the latest wake-up, not the sum), as real time would.
 */
final class FakeTime extends Clock implements Sleeper {
    private final AtomicLong nanos;
    private final AtomicLong slept = new AtomicLong();

    FakeTime(Instant start) {
        this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    @Override
    public void sleep(Duration duration) {
        slept.addAndGet(duration.toNanos());
        long target = nanos.get() + Math.max(0, duration.toNanos());
        nanos.accumulateAndGet(target, Math::max);
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** Total time every caller asked to sleep. */
    Duration totalSlept() {
        return Duration.ofNanos(slept.get());
    }

    @Override
    public Instant instant() {
        long n = nanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
