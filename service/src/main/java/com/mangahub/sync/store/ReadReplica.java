package com.mangahub.sync.store;

import com.mangahub.sync.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming replica (hot standby) of the primary, for the reads that tolerate lag ({@link Database#lagTolerant}).
 * Each look ({@link #runOnce}, every {@link #INTERVAL}) reads the primary's WAL position and the standby's replayed
 * one ({@link ReplayBound}); the standby is used while it answers, is in recovery and is at most {@code maxLag}
 * behind. A read it cannot serve (it went down, a recovery conflict cancelled the query) is read again on the primary
 * at once, and the standby is left alone until a look finds it fit again: no request fails because of it.
 */
public final class ReadReplica implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadReplica.class);
    /** How often the standby's lag is looked at. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** What the standby's sessions are called in its {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "mangahub-sync replica";

    /** In use or not, since when, why not (empty while in use), and the lag last measured (empty when unknown). */
    public record State(boolean inUse, Instant since, String reason, Optional<Duration> lag) {}

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Database primary;
    private final Duration maxLag;
    private final String description;
    private final Clock clock;
    private final ReplayBound bound = new ReplayBound();
    private final AtomicLong servedByReplica = new AtomicLong();
    private final AtomicLong servedByPrimary = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile State state;

    private ReadReplica(HikariDataSource pool, Database primary, Config.Replica config, Clock clock) {
        this.pool = pool;
        this.jdbi = SqlConventions.over(pool);
        this.primary = primary;
        this.maxLag = config.maxLag();
        this.description = config.url().toString();
        this.clock = clock;
        // not used until a look has measured it
        this.state = new State(false, clock.instant(), "not checked yet", Optional.empty());
    }

    /**
     * A pool on the standby. Opening it connects to nothing yet (a standby that is down at start is a fallback, not a
     * failed start); its sessions are read-only, and a request gives up on it within a short slice.
     */
    static ReadReplica open(Config.Replica config, int poolSize, Database primary, Clock clock) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url().jdbcUrl());
        config.url().user().ifPresent(hc::setUsername);
        config.url().password().ifPresent(p -> hc.setPassword(p.value()));
        hc.setPoolName("mangahub-replica");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(0);
        hc.setReadOnly(true);
        hc.setConnectionTimeout(GatedPool.SLICE.toMillis());
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("connectTimeout", "2");
        // a page is a short index read: a standby silent this long is gone (its reads move to the primary), not slow
        hc.addDataSourceProperty("socketTimeout", "10");
        hc.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        return new ReadReplica(new HikariDataSource(hc), primary, config, clock);
    }

    /** One look: the primary's position, then the standby's; decides whether reads go there. Returns 0. */
    public int runOnce() {
        Instant at = clock.instant();
        long primaryPosition;
        try {
            primaryPosition = primary.inTransaction(h -> h.createQuery(
                    "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint").mapTo(Long.class).one());
        } catch (StoreException e) {
            // the primary's own outage is the supervisor's to report; nothing here can be measured meanwhile
            return 0;
        }
        bound.primaryAt(at, primaryPosition);
        Replay replay;
        try (Connection c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select pg_is_in_recovery(), "
                     + "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")) {
            rs.next();
            long replayed = rs.getLong(2);
            replay = new Replay(rs.getBoolean(1), rs.wasNull() ? -1 : replayed);
        } catch (SQLException e) {
            notInUse("unreachable: " + Database.rootMessage(e));
            return 0;
        }
        Instant now = clock.instant();
        if (!replay.inRecovery() || replay.position() < 0) {
            notInUse("not a standby (pg_is_in_recovery() is false): promoted, or not a replica of the primary");
            return 0;
        }
        Optional<Duration> lag = bound.lagAt(now, replay.position());
        if (lag.isEmpty()) {
            notInUse("behind by at least " + bound.atLeast(now).toMillis() + " ms");
        } else if (lag.get().compareTo(maxLag) > 0) {
            notInUse("behind by " + lag.get().toMillis() + " ms, more than the " + maxLag.toMillis() + " ms allowed",
                    lag);
        } else {
            inUse(lag.get());
        }
        return 0;
    }

    private record Replay(boolean inRecovery, long position) {}

    /**
     * Runs a read on the standby when it is in use, else (or when the standby fails under it) on the primary through
     * {@code onPrimary}. A failure that is the read's own (bad SQL) is thrown as on the primary.
     */
    <T> T read(Database.TransactionWork<T> work, Supplier<T> onPrimary) {
        if (state.inUse()) {
            try {
                T answer = jdbi.inTransaction(work::run);
                servedByReplica.incrementAndGet();
                return answer;
            } catch (JdbiException e) {
                if (!standbyFailure(e)) throw new StoreException("database error: " + Database.sqlMessage(e), e);
                if (GatedPool.connectionLost(e)) {
                    notInUse("a read failed: " + Database.sqlMessage(e));
                } else {
                    // busy (no connection free within the slice) or a recovery conflict: this read only
                    log.debug("a read on the replica could not be served ({}); read again on the primary",
                            Database.sqlMessage(e));
                }
            }
        }
        servedByPrimary.incrementAndGet();
        return onPrimary.get();
    }

    /**
     * The standby, not the read, failed: it is gone or cannot be reached (class 08, 57P0x, no connection within the
     * slice), or it cancelled the query for a conflict with recovery (40001, as it does when WAL it must replay
     * removes rows the query still needs).
     */
    private static boolean standbyFailure(JdbiException e) {
        if (GatedPool.connectionLost(e)) return true;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLTransientException) return true;
            if (t instanceof SQLException sql && "40001".equals(sql.getSQLState())) return true;
        }
        return false;
    }

    private synchronized void inUse(Duration lag) {
        State s = state;
        if (!s.inUse()) log.info("read replica {} in use ({} ms behind)", description, lag.toMillis());
        state = new State(true, s.inUse() ? s.since() : clock.instant(), "", Optional.of(lag));
    }

    private void notInUse(String reason) {
        notInUse(reason, Optional.empty());
    }

    private synchronized void notInUse(String reason, Optional<Duration> lag) {
        State s = state;
        if (s.inUse()) {
            fallbacks.incrementAndGet();
            log.warn("read replica {} not used, reads go to the primary: {}", description, reason);
        }
        state = new State(false, s.inUse() ? clock.instant() : s.since(), reason, lag);
    }

    public State state() {
        return state;
    }

    public Duration maxLag() {
        return maxLag;
    }

    /** The standby's URL, without its password. */
    public String description() {
        return description;
    }

    /** Lag-tolerant reads the standby served so far. */
    public long servedByReplica() {
        return servedByReplica.get();
    }

    /** Lag-tolerant reads the primary served so far (the standby not in use, or failing under the read). */
    public long servedByPrimary() {
        return servedByPrimary.get();
    }

    /** Times the standby went out of use. */
    public long fallbacks() {
        return fallbacks.get();
    }

    @Override
    public void close() {
        pool.close();
    }
}
