package com.mangahub.sync.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The pool as Jdbi and the LISTEN connection see it. While {@link DatabaseAvailability} says the database is down, a
 * connection request fails at once with {@link DatabaseUnavailableException}. Otherwise it asks Hikari in short
 * slices ({@link #SLICE}, Hikari's own timeout) for up to {@link #BUDGET} in all, so that a busy pool still waits as
 * long as it always did, while a request that finds the server gone (Hikari's last connection attempt failed) gives
 * up after one slice and marks the database down for everyone else.
 */
final class GatedPool implements DataSource {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(GatedPool.class);
    /** Hikari's connectionTimeout: the longest a request waits before it looks again at why it waits. */
    static final Duration SLICE = Duration.ofMillis(250);
    /** The longest a request waits for a busy pool, as Hikari's single 5 s timeout did before. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private final HikariDataSource pool;
    private final DatabaseSupervisor.Probe probe;
    private volatile DatabaseAvailability availability;

    /**
     * @param probe asked before a failure marks the database down: Hikari's "last failed attempt" may be older than
     *              the server's recovery, and one lost connection (a terminated backend) is not an outage
     */
    GatedPool(HikariDataSource pool, DatabaseSupervisor.Probe probe) {
        this.pool = pool;
        this.probe = probe;
    }

    /** From now on, an outage seen here is told to {@code availability}, and its "down" fails requests at once. */
    void watch(DatabaseAvailability availability) {
        this.availability = availability;
    }

    /**
     * A statement found its connection gone: the server most likely is too. Marked down (the supervisor's next
     * probe marks it up again within a round if it was only that one connection).
     */
    void lost(String reason) {
        confirmedLost(reason);
    }

    /** Marks the database down unless a probe says it answers after all; true when it is down. */
    private boolean confirmedLost(String reason) {
        DatabaseAvailability watched = availability;
        if (watched == null) return true;
        if (!watched.up()) return true;
        if (probe.answers()) return false;
        if (watched.markDown(reason)) log.warn("database unavailable ({})", reason);
        return true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        DatabaseAvailability watched = availability;
        if (watched != null && !watched.up()) {
            throw new DatabaseUnavailableException("the database is unavailable: " + watched.state().reason());
        }
        long deadline = System.nanoTime() + BUDGET.toNanos();
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException e) {
                // Hikari attaches its last failed connection attempt: the server refused or is gone, not just busy
                if (connectionLost(e)) {
                    String reason = "cannot connect: " + Database.rootMessage(e);
                    if (confirmedLost(reason)) throw new DatabaseUnavailableException("the database is unavailable: " + reason, e);
                }
                if (watched != null && !watched.up()) {
                    throw new DatabaseUnavailableException("the database is unavailable: " + watched.state().reason(), e);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new DatabaseBusyException("no database connection was free within " + BUDGET.toSeconds()
                            + " s (all " + pool.getMaximumPoolSize() + " in use)", e);
                }
            }
        }
    }

    /**
     * Whether a failure says the connection to the server is gone or cannot be made: SQLSTATE class 08 (connection
     * exception), 57P01..57P03 (shut down, crashed, starting up or in recovery), or a refused socket.
     */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials only");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
