package com.mangahub.sync.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operating system's view of one embedded cluster's processes, for {@link EmbeddedServer}'s supervision: a process
 * running the cluster's {@code postgres} binary whose working directory is the cluster's data directory (a postmaster
 * changes into its data directory and every backend inherits it). The binary alone is not enough: zonky unpacks the
 * binaries once per JVM, so two clusters of one JVM (tests, or a restore beside a running service) share them, and
 * a dead postmaster's leftovers must never be confused with another cluster's live backends.
 */
final class ClusterProcesses {
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path postgresBinary;
    private final Path dataDirectory;

    ClusterProcesses(Path postgresBinary, Path dataDirectory) {
        this.postgresBinary = postgresBinary;
        this.dataDirectory = realPath(dataDirectory);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Whether the process works in this cluster's data directory; unknown (no /proc, not ours to read) is "no". */
    private boolean inDataDirectory(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(dataDirectory);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * The {@code postgres} binary the live postmaster runs ({@code /proc/<pid>/exe}); where the OS does not say, the
     * one zonky unpacked under {@code pgBin} (one copy per data directory).
     */
    static Path postgresBinary(ProcessHandle postmaster, Path pgBin) {
        return postmaster.info().command().map(Path::of).orElseGet(() -> {
            try (var found = Files.find(pgBin, 3, (p, a) -> p.endsWith(Path.of("bin", "postgres")))) {
                return found.findFirst().orElseThrow(() -> new StoreException("no PostgreSQL binary under " + pgBin));
            } catch (IOException e) {
                throw new StoreException("cannot find the PostgreSQL binaries under " + pgBin + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Whether the process is running. A killed process whose parent has not reaped it yet is a zombie: the JDK (and
     * PostgreSQL's own lock file check) still see it, but it will never answer again.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) return false;
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'
            int close = line.lastIndexOf(')');
            char state = close >= 0 && close + 2 < line.length() ? line.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException noProcfs) {
            return process.isAlive();
        }
    }

    /** Live processes of this cluster: after its postmaster died, the backends it left behind. */
    List<ProcessHandle> leftovers() {
        return ProcessHandle.allProcesses().filter(ClusterProcesses::running)
                .filter(p -> p.info().command().map(c -> Path.of(c).equals(postgresBinary)).orElse(false))
                .filter(this::inDataDirectory)
                .toList();
    }

    /**
     * Ends the processes a dead postmaster left behind: they leave by themselves once they notice (PostgreSQL checks
     * for its postmaster's death), and whatever is still there after {@code grace} is killed, as the postmaster
     * would have done after a crash. Until they are gone the old shared memory is in use and no new server starts.
     */
    void endLeftovers(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        // polled, not awaited: a process that is not our child has no exit event to wait for
        while (!leftovers().isEmpty() && System.nanoTime() - deadline < 0) Thread.sleep(POLL.toMillis());
        for (ProcessHandle p : leftovers()) p.destroyForcibly();
        while (!leftovers().isEmpty() && System.nanoTime() - deadline - grace.toNanos() < 0) Thread.sleep(POLL.toMillis());
    }
}
