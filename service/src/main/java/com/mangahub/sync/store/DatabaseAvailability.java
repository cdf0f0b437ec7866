package com.mangahub.sync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the database can be used right now, as one flag everything may read without touching the database: the
 * HTTP edge answers a quick 503 while it is down, {@code /health} says why, and connection requests fail at once
 * instead of waiting out the pool's timeout. {@link DatabaseSupervisor} marks it down when the embedded server dies
 * and up once a probe connects again; a connection attempt that is refused marks it down too (an external server).
 */
public final class DatabaseAvailability {
    /** The current state: up or down, since when, why (empty while up), and how many outages so far. */
    public record State(boolean up, Instant since, String reason, long outages, Optional<Duration> lastOutage) {}

    private final Clock clock;
    private final List<Runnable> recoveries = new CopyOnWriteArrayList<>();
    private volatile State state;

    public DatabaseAvailability(Clock clock) {
        this.clock = clock;
        this.state = new State(true, clock.instant(), "", 0, Optional.empty());
    }

    public boolean up() {
        return state.up();
    }

    public State state() {
        return state;
    }

    /** Runs {@code callback} (short, never throwing) each time the database comes back. */
    public void onRecovery(Runnable callback) {
        recoveries.add(callback);
    }

    /** Marks the database down; true when it was up (a new outage), false when it already was down. */
    public synchronized boolean markDown(String reason) {
        State s = state;
        if (!s.up()) {
            state = new State(false, s.since(), reason, s.outages(), s.lastOutage());
            return false;
        }
        state = new State(false, clock.instant(), reason, s.outages() + 1, s.lastOutage());
        return true;
    }

    /** Marks the database up again; returns how long it was down, or empty when it was not down. */
    public Optional<Duration> markUp() {
        Duration down;
        synchronized (this) {
            State s = state;
            if (s.up()) return Optional.empty();
            Instant now = clock.instant();
            down = Duration.between(s.since(), now);
            state = new State(true, now, "", s.outages(), Optional.of(down));
        }
        recoveries.forEach(Runnable::run);
        return Optional.of(down);
    }
}
