package com.mangahub.sync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the database and heals what it can. Each round ({@link #runOnce}, run by a periodic loop every
 * {@link #INTERVAL}): an embedded server whose postmaster died is marked down at once and started again on its data
 * directory and port (after a failed start, again after a growing pause); while the database is down, for an
 * external server as much as an embedded one, a probe connection is tried, and the first that answers marks it up.
 * An external server is never started by us: it is only watched.
 */
public final class DatabaseSupervisor {
    private static final Logger log = LoggerFactory.getLogger(DatabaseSupervisor.class);
    /** How often the supervisor looks: a death is noticed within this. */
    public static final Duration INTERVAL = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** A server we run ourselves and may start again. */
    interface Server {
        boolean alive();

        /** Starts it again on its data directory and port; throws when it cannot. */
        void restart();
    }

    /** One short connection attempt outside the pool: true when the server answers a query. */
    @FunctionalInterface
    interface Probe {
        boolean answers();
    }

    private final Optional<Server> server;
    private final Probe probe;
    private final DatabaseAvailability availability;
    private final Clock clock;
    private final Runnable onRecovered;
    private Instant nextStart = Instant.MIN;
    private int failedStarts;
    private volatile long restarts;

    DatabaseSupervisor(Optional<Server> server, Probe probe, DatabaseAvailability availability, Clock clock,
                       Runnable onRecovered) {
        this.server = server;
        this.probe = probe;
        this.availability = availability;
        this.clock = clock;
        this.onRecovered = onRecovered;
    }

    /** One look: returns 0 always (the next look comes after the loop's interval). */
    public int runOnce() {
        if (server.isPresent() && !server.get().alive()) {
            if (availability.markDown("the embedded PostgreSQL stopped; restarting it")) {
                log.warn("the embedded PostgreSQL died; restarting it on its data directory");
            }
            if (!startAgain(server.get())) return 0;
        }
        if (!availability.up() && probe.answers()) {
            onRecovered.run();
            availability.markUp().ifPresent(down -> log.info("database available again after {} ms", down.toMillis()));
        }
        return 0;
    }

    /** Restarts the server unless the pause after a failed start is still running; true when it runs again. */
    private boolean startAgain(Server dead) {
        Instant now = clock.instant();
        if (now.isBefore(nextStart)) return false;
        try {
            dead.restart();
            restarts++;
            failedStarts = 0;
            nextStart = Instant.MIN;
            return true;
        } catch (RuntimeException e) {
            failedStarts++;
            Duration pause = pauseAfter(failedStarts);
            nextStart = clock.instant().plus(pause);
            availability.markDown("the embedded PostgreSQL does not start (" + e.getMessage() + "); next attempt in "
                    + pause.toSeconds() + " s");
            log.warn("cannot restart the embedded PostgreSQL (attempt {}): {}; trying again in {} s", failedStarts,
                    e.getMessage(), pause.toSeconds());
            return false;
        }
    }

    /** 1 s, 2 s, 4 s ... at most 30 s between failed starts: a server that cannot start is not hammered. */
    static Duration pauseAfter(int failures) {
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return pause.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause;
    }

    /** Restarts so far of the embedded server. */
    public long restarts() {
        return restarts;
    }

    public DatabaseAvailability availability() {
        return availability;
    }
}
