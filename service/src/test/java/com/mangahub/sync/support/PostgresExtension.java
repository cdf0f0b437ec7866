package com.mangahub.sync.support;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded PostgreSQL for the whole test run, started through the production {@link Database#open} path and
 * migrated; every table is emptied (and sync_state reset) before each test. Use with
 * {@code @ExtendWith(PostgresExtension.class)} and take a {@link Database} parameter or call {@link #database()}.
 */
public final class PostgresExtension implements BeforeEachCallback, ParameterResolver {
    private static Database database;
    private static Path dataDir;

    public static synchronized Database database() {
        if (database == null) {
            try {
                Path dir = Files.createTempDirectory("mangahub-test-pg");
                dataDir = dir;
                database = Database.open(new Config.Storage(dir, Optional.empty(), 20));
                Runtime.getRuntime().addShutdownHook(new Thread(database::close, "test-postgres-stop"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return database;
    }

    /** The test server's URL in the form MANGAHUB_DATABASE_URL takes, for a second pool or a service process. */
    public static String jdbcUrl() {
        var pool = (com.zaxxer.hikari.HikariDataSource) database().dataSource();
        return pool.getJdbcUrl() + "?user=" + pool.getUsername();
    }

    /** The test server's postmaster (its first line of {@code postmaster.pid}), whose children are its backends. */
    public static ProcessHandle postmaster() {
        database();
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata").resolve("postmaster.pid")).getFirst().strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The single number a {@code select count(*)} (or any one-value query) answers. */
    public static long count(Database db, String sql) {
        return db.inTransaction(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        clean(database());
    }

    /** Empties every table but the migration history, puts each workflow back to idle and frees the MangaDex budget. */
    public static void clean(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select tablename from pg_tables where schemaname = 'public' "
                    + "and tablename not in ('flyway_schema_history', 'sync_state') "
                    + "and tablename not like 'mangadex_budget_%'")) {
                while (rs.next()) tables.add('"' + rs.getString(1) + '"');
            }
            if (!tables.isEmpty()) st.execute("truncate " + String.join(", ", tables) + " restart identity cascade");
            st.execute("update sync_state set status = 'idle', last_run_at = null, last_success_at = null, "
                    + "cursor = null, error_message = null, metadata = '{}', updated_at = now()");
            // the budget's rows are its configuration (one per slot, one gate): emptied, not deleted
            st.execute("update mangadex_budget_slots set holder = null, granted_at = null, released_at = null, "
                    + "lease_until = null");
            st.execute("update mangadex_budget_gate set closed_until = '-infinity', reason = null");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return database();
    }
}
