package com.mangahub.sync.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' one fake clock: virtual time that tests move by hand ({@link #advance}, {@link #set}) and that, used
 * as a sleeper, moves itself to the end of each sleep instead of waiting.
 *
 * <p>Pass it as the injected {@code Clock} of any component, and {@code clock::sleep} as its sleeper (the method has
 * the shape of every {@code Sleeper} in the service, so this class depends on none of them). Concurrent sleepers
 * overlap (the clock moves to the latest wake-up, not the sum of the sleeps), as they would in real time.
 */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    public SettableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant at) {
        now.set(at);
    }

    /** A sleep on virtual time: returns at once, the clock at least {@code duration} later than when it was called. */
    public void sleep(Duration duration) {
        Instant wake = now.get().plus(duration.isNegative() ? Duration.ZERO : duration);
        now.accumulateAndGet(wake, (current, target) -> current.isAfter(target) ? current : target);
    }

    @Override
    public Instant instant() {
        return now.get();
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
