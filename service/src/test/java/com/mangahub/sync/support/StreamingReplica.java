package com.mangahub.sync.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two real PostgreSQL servers on this machine: a primary with {@code wal_level=replica} and a hot standby made from it
 * with {@code pg_basebackup -R}, streaming. Debian's PostgreSQL (package {@code postgresql}, the newest version under
 * /usr/lib/postgresql): the embedded binaries have no pg_basebackup. PostgreSQL refuses to run as root, so when the
 * tests run as root (here and in CI) every command runs as the {@code postgres} user, in a directory it owns.
 */
public final class StreamingReplica implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int replicaPort;

    private StreamingReplica(Path bin, Path dir, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Starts the primary, takes the base backup, starts the standby; about two seconds. */
    public static StreamingReplica start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("mangahub-replica");
        StreamingReplica servers = new StreamingReplica(bin, dir, freePort(), freePort());
        try {
            servers.create();
            return servers;
        } catch (IOException | RuntimeException | InterruptedException e) {
            servers.close();
            throw e;
        }
    }

    /** The newest Debian PostgreSQL with pg_basebackup; a clear failure naming the package when there is none. */
    static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_basebackup")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (found.isPresent()) return found.get();
            }
        }
        throw new IllegalStateException("no PostgreSQL with pg_basebackup under " + root
                + ": install Debian's package postgresql (scripts/test-tools.sh)");
    }

    private void create() throws IOException, InterruptedException {
        ownedByServerUser(dir);
        Path primary = dir.resolve("primary");
        Path replica = dir.resolve("replica");
        run(bin.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync");
        append(primary.resolve("postgresql.conf"), settings(primaryPort) + "wal_level = replica\nmax_wal_senders = 4\n");
        append(primary.resolve("pg_hba.conf"), "host replication postgres 127.0.0.1/32 trust\n");
        pgCtl("start", primary, "primary.log");
        run(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort),
                "-U", "postgres", "-D", replica.toString(), "-R", "-X", "stream", "--no-sync");
        // the copy carries the primary's settings; the later lines win
        append(replica.resolve("postgresql.conf"), settings(replicaPort) + "hot_standby = on\n");
        pgCtl("start", replica, "replica.log");
    }

    /**
     * Loopback only, a socket directory of its own, durability off (a test's data is thrown away), and every
     * statement logged with the session's application_name, so a test can tell which server ran what: a pooled
     * session's pg_stat_activity shows only its last statement, which is the transaction's COMMIT.
     */
    private String settings(int port) {
        return "\nlisten_addresses = '127.0.0.1'\nport = " + port + "\nunix_socket_directories = '" + dir + "'\n"
                + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n"
                + "log_statement = 'all'\nlog_line_prefix = '%a|'\n";
    }

    /** The statements the primary has run so far, each as {@code application_name|statement}. */
    public List<String> primaryStatements() throws IOException {
        return statements("primary.log");
    }

    /** The statements the standby has run so far, each as {@code application_name|statement}. */
    public List<String> replicaStatements() throws IOException {
        return statements("replica.log");
    }

    private List<String> statements(String log) throws IOException {
        return Files.readAllLines(dir.resolve(log), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("LOG:  execute") || line.contains("LOG:  statement")).toList();
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres";
    }

    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres?user=postgres";
    }

    /** Stops the standby (fast: its sessions end at once, as when its machine goes away). */
    public void stopReplica() throws IOException, InterruptedException {
        pgCtl("stop", dir.resolve("replica"), null, "-m", "fast");
    }

    private void pgCtl(String action, Path data, String log, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), action, "-D", data.toString(),
                "-w", "-t", "60"));
        if (log != null) command.addAll(List.of("-l", dir.resolve(log).toString()));
        command.addAll(List.of(more));
        run(command.toArray(String[]::new));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ownedByServerUser(Path path) throws IOException, InterruptedException {
        if (root()) exec(List.of("chown", "postgres:postgres", path.toString()));
    }

    private void append(Path file, String text) throws IOException, InterruptedException {
        // written by the server's user, who owns the file
        run("sh", "-c", "cat >> '" + file + "' <<'EOF'\n" + text + "EOF\n");
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root()) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        exec(full);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops both servers at once and deletes their files. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (String server : List.of("replica", "primary")) {
            Path data = dir.resolve(server);
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    pgCtl("stop", data, null, "-m", "immediate");
                } catch (IllegalStateException e) {
                    System.err.println("could not stop the " + server + ": " + e.getMessage());
                }
            }
        }
        exec(List.of("rm", "-rf", dir.toString()));
    }
}
