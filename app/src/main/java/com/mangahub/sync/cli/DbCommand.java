package com.mangahub.sync.cli;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Backup;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.DatabaseStatus;
import com.mangahub.sync.store.StoreException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database commands.",
        subcommands = {DbCommand.Status.class, DbCommand.Migrate.class, DbCommand.BackupCommand.class,
                DbCommand.RestoreCommand.class})
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
            try (Database db = openOrAttach(config.storage())) {
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
    }

    /**
     * The database as it is, or, while {@code serve} holds the data directory, its running embedded server
     * (read-only use: nothing started or migrated there).
     */
    static Database openOrAttach(Config.Storage storage) {
        try {
            return Database.inspect(storage);
        } catch (StoreException e) {
            if (storage.databaseUrl().isPresent()) throw e;
            return Database.attachToRunning(storage).orElseThrow(() -> e);
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

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Write the whole state (catalogue, cursors, readers, libraries, notification log, outbox, "
                    + "jobs) to FILE, gzip-compressed, from one consistent snapshot; safe while serve runs (it reads "
                    + "the running service's database).")
    static final class BackupCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "where to write the backup (replaced only once complete)")
        Path file;

        @Override
        public Integer call() throws IOException {
            Config config = Config.fromEnvironment();
            Logging.apply("WARN".equals(config.logLevel()) || "ERROR".equals(config.logLevel()) ? config.logLevel() : "WARN");
            Path target = file.toAbsolutePath();
            // written beside the target and moved into place when complete: a failed backup never looks like one
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Backup.Summary summary;
            try (Database db = openOrAttach(config.storage())) {
                Files.deleteIfExists(partial);
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)), 65536)) {
                    summary = new Backup(db).write(out);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("backup of schema " + summary.schemaVersion() + " as of " + summary.takenAt() + " written to "
                    + target + " (" + Files.size(target) + " bytes)");
            summary.rows().forEach((table, rows) -> out.printf("%-16s %s rows%n", table + ":", rows));
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Load a backup into an empty data directory (MANGAHUB_DATA_DIR) or empty database "
                    + "(MANGAHUB_DATABASE_URL), then migrate it to this version; serve then resumes where the source "
                    + "stood at the backup instant.")
    static final class RestoreCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a file written by db backup")
        Path file;

        @Override
        public Integer call() throws IOException {
            Config config = Config.fromEnvironment();
            Logging.apply("WARN".equals(config.logLevel()) || "ERROR".equals(config.logLevel()) ? config.logLevel() : "WARN");
            if (!Files.isReadable(file)) throw new ParameterException(spec.commandLine(), "cannot read " + file);
            Backup.Summary summary;
            try (Database db = Database.inspect(config.storage());
                 InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 65536), 65536)) {
                summary = new Backup(db).restore(in);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("restored the backup of " + summary.takenAt() + " (schema " + summary.schemaVersion() + ")");
            summary.rows().forEach((table, rows) -> out.printf("%-16s %s rows%n", table + ":", rows));
            out.flush();
            return ExitCode.OK;
        }
    }
}
