package com.mangahub.sync.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The injected clock plus however far the world has been advanced, so tests move time without sleeping. */
final class WorldClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    WorldClock(Clock base) {
        this.base = base;
    }

    void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("the world clock only moves forward: " + by);
        offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same advancing instant seen from another zone (the world itself always speaks UTC). */
    @Override
    public Clock withZone(ZoneId zone) {
        WorldClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }
}
