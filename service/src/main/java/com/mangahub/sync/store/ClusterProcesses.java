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

    /** The executable a live process runs ({@code /proc/<pid>/exe}), for finding the binaries of this cluster. */
    static Path executableOf(ProcessHandle process) {
        return process.info().command().map(Path::of)
                .orElseThrow(() -> new StoreException("cannot tell which binary process " + process.pid() + " runs"));
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
