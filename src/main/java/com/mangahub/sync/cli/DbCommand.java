package com.mangahub.sync.cli;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.StoreException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database commands.",
        subcommands = DbCommand.Status.class)
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Open the database (migrating it if needed; read-only through the running service's "
                    + "server while serve holds the data directory) and print its schema version, row counts and "
                    + "each workflow's state.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws SQLException {
            Config config = Config.fromEnvironment();
            Logging.apply("WARN".equals(config.logLevel()) || "ERROR".equals(config.logLevel()) ? config.logLevel() : "WARN");
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = open(config.storage()); Connection c = db.dataSource().getConnection();
                 Statement st = c.createStatement()) {
                out.println("database: " + db.description());
                out.println("schema version: " + single(st, "select max(version) from flyway_schema_history where success"));
                for (String table : new String[] {"manga", "chapters", "tags", "users", "user_library", "notifications"}) {
                    out.printf("%-14s %s rows%n", table + ":", single(st, "select count(*) from " + table));
                }
                out.printf("%-14s %s pending%n", "outbox:", single(st, "select count(*) from outbox where status = 'pending'"));
                try (ResultSet rs = st.executeQuery(
                        "select workflow, status, last_run_at, last_success_at, error_message from sync_state order by workflow")) {
                    while (rs.next()) {
                        out.printf("workflow %-15s %-9s last run %s, last success %s%s%n", rs.getString(1), rs.getString(2),
                                rs.getString(3), rs.getString(4),
                                rs.getString(5) == null ? "" : ", error: " + rs.getString(5));
                    }
                }
            }
            out.flush();
            return ExitCode.OK;
        }

        /** The database itself, or, while {@code serve} holds the data directory, its running embedded server. */
        private static Database open(Config.Storage storage) {
            try {
                return Database.open(storage);
            } catch (StoreException e) {
                if (storage.databaseUrl().isPresent()) throw e;
                return Database.attachToRunning(storage).orElseThrow(() -> e);
            }
        }

        private static String single(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
