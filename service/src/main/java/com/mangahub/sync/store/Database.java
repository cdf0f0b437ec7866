package com.mangahub.sync.store;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.DatabaseUrl;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL the service uses: embedded under the data directory by default, or the external server named
 * by {@code MANGAHUB_DATABASE_URL}. Opening it migrates the schema; closing it closes the pool, then stops the
 * embedded server, then releases the data directory. Stores talk to it through {@link Jdbi} over the Hikari pool.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Each step of the supervisor's probe (connect, log in, answer) gets this many seconds. */
    private static final int PROBE_TIMEOUT_S = 1;
    /** Where the schema's migrations live (the tests' step-by-step upgrade reads them from here too). */
    public static final String MIGRATIONS = "classpath:db/migration";

    private final HikariDataSource pool;
    private final GatedPool gate;
    private final Jdbi jdbi;
    private final Optional<EmbeddedServer> embedded;
    private final Optional<DataDirLock> lock;
    private final String description;
    private final DatabaseSupervisor.Probe probe;
    private volatile DatabaseSupervisor supervisor;
    private volatile ReadReplica replica;
    /** This database itself, or for {@link #lagTolerant()}'s view the database it is a view of. */
    private final Database primary;

    private Database(HikariDataSource pool, Optional<EmbeddedServer> embedded, Optional<DataDirLock> lock,
                     String description, DatabaseSupervisor.Probe probe) {
        this.pool = pool;
        this.gate = new GatedPool(pool, probe);
        this.jdbi = SqlConventions.over(gate);
        this.embedded = embedded;
        this.lock = lock;
        this.description = description;
        this.probe = probe;
        this.primary = this;
    }

    /** The lag-tolerant view of {@code primary}: the same pool, gate and Jdbi; it owns nothing. */
    private Database(Database primary) {
        this.pool = primary.pool;
        this.gate = primary.gate;
        this.jdbi = primary.jdbi;
        this.embedded = Optional.empty();
        this.lock = Optional.empty();
        this.description = primary.description;
        this.probe = primary.probe;
        this.primary = primary;
    }

    /**
     * Opens (and for the embedded default, starts) the database and brings its schema up to date. The primary only:
     * what commands other than {@code serve} use.
     */
    public static Database open(Config.Storage storage) {
        Database db = inspect(storage);
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The same, and the configured read replica's pool beside it, for {@code serve}: its lag is measured on
     * {@code clock}, and nothing is read there until {@link #replica()}'s {@code runOnce} has found it fit.
     */
    public static Database open(Config.Storage storage, java.time.Clock clock) {
        Database db = open(storage);
        try {
            storage.replica().ifPresent(r -> db.replica = ReadReplica.open(r, storage.poolSize(), db, clock));
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens (and for the embedded default, starts) the database as it is, migrating nothing: for {@code db status},
     * which reports the migrations an upgrade would apply before anything applies them.
     */
    public static Database inspect(Config.Storage storage) {
        return storage.databaseUrl().map(url -> external(url, storage.poolSize())).orElseGet(() -> embedded(storage));
    }

    /**
     * For read-only commands ({@code db status}) while {@code serve} holds the data directory: the running service's
     * embedded PostgreSQL, found through its postmaster.pid. Starts, stops and migrates nothing; empty when no live
     * server is there.
     */
    public static Optional<Database> attachToRunning(Config.Storage storage) {
        Path pgdata = storage.dataDir().resolve("pgdata");
        return EmbeddedServer.runningPort(pgdata).map(port -> {
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            HikariConfig hc = poolConfig(url, 2);
            hc.setUsername("postgres");
            return new Database(connect(hc, url), Optional.empty(), Optional.empty(),
                    "embedded PostgreSQL of the running service in " + pgdata + " (port " + port + ")",
                    () -> answers(url, superuser()));
        });
    }

    private static Database external(DatabaseUrl url, int poolSize) {
        probe(url);
        HikariConfig hc = poolConfig(url.jdbcUrl(), poolSize);
        url.user().ifPresent(hc::setUsername);
        url.password().ifPresent(p -> hc.setPassword(p.value()));
        return new Database(connect(hc, url.safeJdbcUrl()), Optional.empty(), Optional.empty(),
                "external PostgreSQL " + url, () -> answers(url.jdbcUrl(), credentials(url)));
    }

    private static Properties credentials(DatabaseUrl url) {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p.value()));
        return props;
    }

    private static Properties superuser() {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return props;
    }

    /**
     * The supervisor's probe: one connection of its own (not the pool's, so a busy pool never reads as an outage)
     * and one query, each bounded by {@link #PROBE_TIMEOUT_S} so a probe never hangs on a server that does not answer.
     */
    private static boolean answers(String jdbcUrl, Properties credentials) {
        Properties props = new Properties();
        props.putAll(credentials);
        props.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_S));
        props.setProperty("loginTimeout", Integer.toString(PROBE_TIMEOUT_S));
        props.setProperty("socketTimeout", Integer.toString(PROBE_TIMEOUT_S));
        props.setProperty("ApplicationName", "mangahub-sync probe");
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
             var st = c == null ? null : c.createStatement()) {
            return st != null && st.execute("select 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * One plain connection attempt before the pool exists, so an unreachable server is reported as one clear line
     * naming the setting, within seconds, instead of a pool start-up stack trace.
     */
    private static void probe(DatabaseUrl url) {
        Properties props = credentials(url);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "8");
        try (Connection ignored = new org.postgresql.Driver().connect(url.jdbcUrl(), props)) {
            if (ignored == null) throw new StoreException(url.key() + ": not a PostgreSQL URL: " + url.safeJdbcUrl());
        } catch (SQLException e) {
            throw new StoreException(url.key() + ": database unreachable at " + url.safeJdbcUrl() + ": " + rootMessage(e), e);
        }
    }

    private static Database embedded(Config.Storage storage) {
        DataDirLock lock = DataDirLock.acquire(storage.dataDir());
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(storage.dataDir());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        HikariConfig hc = poolConfig(server.jdbcUrl(), storage.poolSize());
        hc.setUsername("postgres");
        try {
            return new Database(connect(hc, server.jdbcUrl()), Optional.of(server), Optional.of(lock),
                    "embedded PostgreSQL in " + storage.dataDir().resolve("pgdata") + " (port " + server.port() + ")",
                    () -> answers(server.jdbcUrl(), superuser()));
        } catch (RuntimeException e) {
            server.close();
            lock.close();
            throw e;
        }
    }

    private static HikariConfig poolConfig(String jdbcUrl, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setPoolName("mangahub");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        // fail within seconds, not minutes, when the server is unreachable at start; later outages are survived by
        // the pool's own reconnects. A request waits in short slices (GatedPool), so one that finds the server gone
        // gives up within a slice while one that finds the pool busy still waits the whole budget.
        hc.setConnectionTimeout(GatedPool.SLICE.toMillis());
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(8_000);
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("socketTimeout", "120");
        hc.addDataSourceProperty("ApplicationName", "mangahub-sync");
        return hc;
    }

    private static HikariDataSource connect(HikariConfig hc, String jdbcUrl) {
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("database unreachable at " + jdbcUrl + ": " + rootMessage(e), e);
        }
    }

    /**
     * The migrations this build ships, over this database; the one Flyway configuration of the service. Through the
     * gate, not the bare pool: Flyway holds one connection while it asks for a second, and on a loaded machine the
     * pool may still be opening it when Hikari's 250 ms slice ends; the gate keeps asking for its whole budget.
     */
    private Flyway flyway() {
        return Flyway.configure().dataSource(gate).locations(MIGRATIONS).load();
    }

    /**
     * The applied schema version and the migrations this build would still apply, read from Flyway's history
     * without changing anything (as {@code db status} reports them while a service runs on an older schema).
     */
    public Migrations migrations() {
        try {
            var info = flyway().info();
            String current = info.current() == null ? "none" : info.current().getVersion().getVersion();
            List<String> pending = Arrays.stream(info.pending())
                    .map(m -> m.getVersion().getVersion() + " " + m.getDescription()).toList();
            return new Migrations(current, pending);
        } catch (FlywayException e) {
            throw new StoreException("cannot read the schema history: " + rootMessage(e), e);
        }
    }

    /** The schema version applied (Flyway's numbering: "10.1" is after "7.2"), and those pending, oldest first. */
    public record Migrations(String current, List<String> pending) {}

    /**
     * Applies the migrations up to {@code version} ("latest" for all): a restore loads a backup into the schema it
     * was taken from, then upgrades it like any other database.
     */
    public void migrateTo(String version) {
        try {
            Flyway.configure().dataSource(gate).locations(MIGRATIONS).target(version).load().migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the schema to " + version + ": " + rootMessage(e), e);
        }
    }

    private void migrate() {
        Optional<String> current = inTransaction(AppliedSchema::upToDate);
        if (current.isPresent()) {
            log.info("database ready: {}, schema version {} (up to date)", description, current.get());
            return;
        }
        try {
            var result = flyway().migrate();
            // the result names a target version only when it applied something; an up-to-date schema says so
            log.info("database ready: {}, schema version {}{}", description, migrations().current(),
                    result.migrationsExecuted == 0 ? " (up to date)" : " (" + result.migrationsExecuted + " applied)");
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the schema: " + rootMessage(e), e);
        }
    }

    /**
     * The Hikari pool itself, past the gate (it waits out its timeout even while the database is known down): for
     * tests' own checks and second pools. Everything of the service goes through {@link #inTransaction}.
     */
    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    /** True when a trivial query answers within two seconds (false at once while the database is known down). */
    public boolean ping() {
        try (Connection c = gate.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | StoreException e) {
            return false;
        }
    }

    /**
     * Starts watching this database: from now on a refused connection marks it down for every caller (which then
     * fails at once), and the returned supervisor's rounds restart a dead embedded server and mark the database up
     * when it answers again. Run its {@code runOnce} on a periodic loop, stopped before this database is closed.
     */
    public synchronized DatabaseSupervisor supervise(java.time.Clock clock) {
        if (supervisor != null) throw new IllegalStateException("already supervised");
        DatabaseAvailability availability = new DatabaseAvailability(clock);
        // connections made before the outage point at the dead server: none of them is lent out again
        Runnable evictStale = () -> pool.getHikariPoolMXBean().softEvictConnections();
        supervisor = new DatabaseSupervisor(embedded.map(e -> (DatabaseSupervisor.Server) e), probe, availability,
                clock, evictStale);
        gate.watch(availability);
        return supervisor;
    }

    /** The availability flag the supervisor keeps; empty while nothing supervises this database. */
    public Optional<DatabaseAvailability> availability() {
        if (primary != this) return primary.availability();
        DatabaseSupervisor s = supervisor;
        return s == null ? Optional.empty() : Optional.of(s.availability());
    }

    /** A pooled connection through the gate (fails at once while the database is down): for the LISTEN connection. */
    Connection connection() throws SQLException {
        return gate.getConnection();
    }

    /** The read replica ({@code MANGAHUB_DATABASE_REPLICA_URL}), when one is configured. */
    public Optional<ReadReplica> replica() {
        return Optional.ofNullable(primary.replica);
    }

    /**
     * This database for reads that tolerate replica lag: catalogue pages, and log pages of a reader who wrote nothing
     * just now ({@link ReplicaReads}). Its transactions run on the read replica while it is in use, else on the
     * primary; without a replica it is this database itself. Only for reads: the replica's sessions are read-only.
     */
    public Database lagTolerant() {
        if (primary != this) return this;
        return replica == null ? this : new Database(this);
    }

    /**
     * Runs work in one transaction (the server's default isolation, no retry): committed when it returns, rolled
     * back when it throws. A database failure surfaces as a {@link StoreException}; the work's own exceptions pass
     * through unchanged. On a {@link #lagTolerant()} view, the transaction is read on the replica when it can be.
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        ReadReplica standby = primary.replica;
        if (primary != this && standby != null) return standby.read(work, () -> primary.inTransaction(work));
        try {
            return jdbi.inTransaction(work::run);
        } catch (JdbiException e) {
            // the server went away under the statement: retry-later, not a bug
            if (GatedPool.connectionLost(e)) {
                gate.lost("connection lost: " + sqlMessage(e));
                throw new DatabaseUnavailableException("database unavailable: " + sqlMessage(e), e);
            }
            throw new StoreException("database error: " + sqlMessage(e), e);
        }
    }

    /** A unit of work given a handle inside a transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Handle handle);
    }

    /** A handle of its own outside any transaction, for session-level state such as an advisory lock. */
    Handle open() {
        return jdbi.open();
    }

    /** PostgreSQL's own message, as plain JDBC reported it, rather than Jdbi's wrapper text. */
    static String sqlMessage(JdbiException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) return sql.getMessage();
        }
        return e.getMessage();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        // a view owns nothing; the database it views closes it all
        if (primary != this) return;
        ReadReplica standby = replica;
        if (standby != null) standby.close();
        pool.close();
        embedded.ifPresent(EmbeddedServer::close);
        lock.ifPresent(DataDirLock::close);
    }
}
