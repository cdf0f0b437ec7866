package com.mangahub.sync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 (zonky binaries) whose cluster lives under {@code <dataDir>/pgdata} and survives
 * restarts. Must only be started while holding the {@link DataDirLock}.
 */
final class EmbeddedServer implements AutoCloseable, DatabaseSupervisor.Server {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(15);
    /** How long a dead postmaster's backends get to notice and leave before they are killed. */
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(3);
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** PostgreSQL's default {@code unix_socket_directories}, where it also keeps a lock file per port. */
    private static final String SOCKET_DIR = "/tmp";
    /**
     * The server's settings, the same at the first start and at every restart. zonky's default
     * {@code synchronous_commit=off} is turned back on: with it off, a killed server forgets the last commits it
     * acknowledged (notifications already pushed, cursors already moved), and the ones re-made after the restart would
     * reach readers twice. With fsync off (zonky's {@code -F}) a commit costs one write(2), not a disk flush.
     * <p>
     * Full-page writes are off for the same reason fsync is: they guard against a page torn by an operating-system
     * crash or a power cut, which a server that never flushes does not survive anyway, while a killed PostgreSQL or
     * service (what the embedded server does survive) leaves whole pages in the page cache. With them on, the first
     * change to each page after a checkpoint copied the whole page into the WAL: one chapter to 100,000 followers
     * wrote a gigabyte of WAL for 50 MB of rows (docs/scaling.md).
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "listen_addresses", "127.0.0.1",
            "max_connections", "200",
            "timezone", "UTC",
            "synchronous_commit", "on",
            "full_page_writes", "off");

    private final EmbeddedPostgres postgres;
    private final Path pgdata;
    private final Path binDir;
    private final ClusterProcesses processes;
    private volatile ProcessHandle postmaster;

    private EmbeddedServer(EmbeddedPostgres postgres, Path pgdata, Path pgBin, ProcessHandle postmaster) {
        this.postgres = postgres;
        this.pgdata = pgdata;
        this.postmaster = postmaster;
        Path binary = ClusterProcesses.postgresBinary(postmaster, pgBin);
        this.binDir = binary.getParent();
        this.processes = new ClusterProcesses(binary, pgdata);
    }

    static EmbeddedServer start(Path dataDir) {
        Path pgdata = dataDir.resolve("pgdata");
        stopOrphanedPostmaster(pgdata);
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(pgdata);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-bin").toFile())
                    .setPGStartupWait(START_WAIT);
            SETTINGS.forEach(builder::setServerConfig);
            pg = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot start the embedded PostgreSQL in " + pgdata + ": " + e.getMessage(), e);
        }
        try {
            return new EmbeddedServer(pg, pgdata, dataDir.resolve("pg-bin"), runningPostmaster(pgdata)
                    .orElseThrow(() -> new StoreException("the embedded PostgreSQL started but wrote no live pid")));
        } catch (RuntimeException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("cannot stop the embedded PostgreSQL: {}", e.getMessage());
        }
    }

    /** The postmaster is running; false once it died, even before anything reaped it. */
    @Override
    public boolean alive() {
        return ClusterProcesses.running(postmaster);
    }

    /**
     * Starts the cluster again on its data directory and port after its postmaster died, with the same binaries and
     * settings zonky used (its {@code pg_ctl}, which also runs crash recovery). zonky's own handle stays the one that
     * stops the cluster at shutdown: its {@code pg_ctl stop} stops whichever postmaster runs on the directory.
     */
    @Override
    public synchronized void restart() {
        if (alive()) return;
        try {
            processes.endLeftovers(LEFTOVER_GRACE);
            removeStaleLockFile();
            runPgCtlStart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while restarting the embedded PostgreSQL", e);
        } catch (IOException e) {
            throw new StoreException("cannot restart the embedded PostgreSQL in " + pgdata + ": " + e.getMessage(), e);
        }
        postmaster = runningPostmaster(pgdata)
                .orElseThrow(() -> new StoreException("the embedded PostgreSQL restarted but wrote no live pid"));
        log.info("embedded PostgreSQL restarted on port {} (pid {})", port(), postmaster.pid());
    }

    /**
     * A dead postmaster's postmaster.pid names a pid that may still look alive to PostgreSQL (a zombie not reaped
     * yet, or a pid reused by an unrelated process): it would then refuse to start ("lock file already exists").
     * Once none of this cluster's processes runs, the file is stale whatever its pid says.
     */
    private void removeStaleLockFile() throws IOException {
        if (!processes.leftovers().isEmpty()) {
            throw new StoreException("processes of the old embedded PostgreSQL are still running: "
                    + processes.leftovers().stream().map(ProcessHandle::pid).toList());
        }
        if (Files.deleteIfExists(pgdata.resolve("postmaster.pid"))) log.info("removed the stale postmaster.pid");
        // the Unix socket's lock file says the same, under the socket directory; only the dead postmaster's own
        Path socketLock = Path.of(SOCKET_DIR, ".s.PGSQL." + port() + ".lock");
        if (readPid(socketLock).filter(pid -> pid == postmaster.pid()).isPresent() && Files.deleteIfExists(socketLock)) {
            log.info("removed the stale {}", socketLock);
        }
    }

    private void runPgCtlStart() throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port()), "-F"));
        SETTINGS.forEach((k, v) -> options.addAll(List.of("-c", k + "=" + v)));
        List<String> command = new ArrayList<>();
        // as zonky launches it: PostgreSQL refuses to run as root, and zonky then runs it in a user namespace of
        // its own (unshare -U), where it is not root
        if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
        command.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", pgdata.toString(),
                "-o", String.join(" ", options), "-w", "-t", Long.toString(START_WAIT.toSeconds()), "start"));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the postmaster keeps pg_ctl's output as its log: read it for as long as it writes, or it would block
        Thread.ofVirtual().name("postgres-log").start(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(pgCtl.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (lines.size() < 50) lines.add(line);
                    log.info("postgres: {}", line);
                }
            } catch (IOException closed) {
                log.debug("postgres log closed: {}", closed.getMessage());
            }
        });
        // a shutdown that arrives meanwhile must not leave a half-started server behind: pg_ctl is waited for
        boolean interrupted = false;
        int exit;
        while (true) {
            try {
                exit = pgCtl.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (exit != 0) throw new StoreException("pg_ctl start exited " + exit + ": " + String.join(" / ", lines));
    }

    /**
     * A process killed with -9 leaves its postmaster running (nothing stopped it). We hold the data directory lock,
     * so that postmaster belongs to no live MangaHub: stop it so the cluster can be started again.
     */
    private static void stopOrphanedPostmaster(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of).filter(ClusterProcesses::running);
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
        if (readPid(pidFile).flatMap(ProcessHandle::of).filter(ClusterProcesses::running).isEmpty()) return Optional.empty();
        try {
            var lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.size() < 4 ? Optional.empty() : Optional.of(Integer.parseInt(lines.get(3).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The live postmaster named by the data directory's postmaster.pid, if there is one. */
    private static Optional<ProcessHandle> runningPostmaster(Path pgdata) {
        return readPid(pgdata.resolve("postmaster.pid")).flatMap(ProcessHandle::of).filter(ClusterProcesses::running);
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

    /**
     * Stops the cluster (zonky's {@code pg_ctl stop -m fast}). A postmaster that died since the supervisor last looked
     * is started once more first: the cluster is then left recovered and shut down cleanly, and the stop has a server
     * to stop instead of failing.
     */
    @Override
    public synchronized void close() {
        if (!alive()) {
            log.warn("the embedded PostgreSQL is not running at shutdown; starting it once to shut it down cleanly");
            try {
                restart();
            } catch (RuntimeException e) {
                log.warn("cannot start it ({}); its next start recovers it", e.getMessage());
            }
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StoreException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
