package com.mangahub.sync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 (zonky binaries) whose cluster lives under {@code <dataDir>/pgdata} and survives
 * restarts. Must only be started while holding the {@link DataDirLock}.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedServer start(Path dataDir) {
        Path pgdata = dataDir.resolve("pgdata");
        stopOrphanedPostmaster(pgdata);
        try {
            Files.createDirectories(pgdata);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-bin").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("timezone", "UTC")
                    .start();
            return new EmbeddedServer(pg);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot start the embedded PostgreSQL in " + pgdata + ": " + e.getMessage(), e);
        }
    }

    /**
     * A process killed with -9 leaves its postmaster running (nothing stopped it). We hold the data directory lock,
     * so that postmaster belongs to no live MangaHub: stop it so the cluster can be started again.
     */
    private static void stopOrphanedPostmaster(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (postmaster.isEmpty()) return;
        ProcessHandle p = postmaster.get();
        log.warn("stopping PostgreSQL (pid {}) left running by a MangaHub process that did not shut down", p.pid());
        p.destroy();
        try {
            p.onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    /**
     * The port of a postmaster that is running on {@code pgdata} (read from its postmaster.pid: pid on line 1, port on
     * line 4), or empty when none is alive there.
     */
    static Optional<Integer> runningPort(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty()) return Optional.empty();
        try {
            var lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.size() < 4 ? Optional.empty() : Optional.of(Integer.parseInt(lines.get(3).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StoreException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
