package com.mangahub.sync.cli;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.DatabaseStatus;
import com.mangahub.sync.store.StoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database commands.",
        subcommands = {DbCommand.Status.class, DbCommand.Migrate.class})
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Open the database as it is (migrating nothing; read-only through the running service's "
                    + "server while serve holds the data directory) and print its schema version, the migrations "
                    + "this version would apply, row counts and each workflow's state.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = Config.fromEnvironment();
            Logging.apply("WARN".equals(config.logLevel()) || "ERROR".equals(config.logLevel()) ? config.logLevel() : "WARN");
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = open(config.storage())) {
                DatabaseStatus status = DatabaseStatus.read(db);
                out.println("database: " + db.description());
                out.println("schema version: " + status.schemaVersion());
                out.println("pending migrations: " + (status.pendingMigrations().isEmpty() ? "none"
                        : String.join(", ", status.pendingMigrations())));
                if (!status.pendingMigrations().isEmpty()) {
                    out.println("(pending migrations are applied by the next serve, or now by db migrate)");
                }
                status.rowCounts().forEach((table, rows) -> out.printf("%-14s %s rows%n", table + ":", rows));
                out.printf("%-14s %s pending%n", "outbox:", status.pendingOutbox());
                for (DatabaseStatus.Workflow w : status.workflows()) {
                    out.printf("workflow %-15s %-9s last run %s, last success %s%s%n", w.workflow(), w.status(),
                            w.lastRunAt(), w.lastSuccessAt(), w.errorMessage() == null ? "" : ", error: " + w.errorMessage());
                }
            }
            out.flush();
            return ExitCode.OK;
        }

        /** The database itself, or, while {@code serve} holds the data directory, its running embedded server. */
        private static Database open(Config.Storage storage) {
            try {
                return Database.inspect(storage);
            } catch (StoreException e) {
                if (storage.databaseUrl().isPresent()) throw e;
                return Database.attachToRunning(storage).orElseThrow(() -> e);
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply the pending migrations and print the schema version (serve does this on start).")
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = Config.fromEnvironment();
            Logging.apply(config.logLevel());
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = Database.open(config.storage())) {
                out.println("schema version: " + db.migrations().current());
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
