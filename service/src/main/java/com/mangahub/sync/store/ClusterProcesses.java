package com.mangahub.sync.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operating system's view of one embedded cluster's processes, for {@link EmbeddedServer}'s supervision. Every
 * data directory has its own copy of the PostgreSQL binaries, so a process running that copy's {@code postgres}
 * belongs to this cluster and to no other.
 */
final class ClusterProcesses {
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path postgresBinary;

    ClusterProcesses(Path postgresBinary) {
        this.postgresBinary = postgresBinary;
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
