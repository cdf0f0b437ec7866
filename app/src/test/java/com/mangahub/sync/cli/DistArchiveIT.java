package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.support.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained archive as a self-hoster gets it: built by the command {@code ./mangahub dist} runs, from the
 * packaged jar; unpacked into an empty directory; with no JDK on {@code PATH} and no {@code JAVA_HOME},
 * {@code bin/mangahub serve} answers /health UP on its bundled runtime and {@code bin/mangahub demo} runs, and SIGTERM
 * ends each with exit code 0. Their class-data archives land in the user's cache; the install directory is left as
 * it was unpacked.
 */
class DistArchiveIT {
    private static final long GOAL_BYTES = 90_000_000;

    @TempDir
    Path dir;

    @Test
    void theUnpackedArchiveServesAndRunsTheDemoWithNoJdkOnTheMachine() throws Exception {
        long started = System.nanoTime();
        Path archive = build(dir.resolve("out"));
        long size = Files.size(archive);
        System.out.printf("%s: %.1f MB compressed (goal: at most %.0f MB), built in %d s%n", archive.getFileName(),
                size / 1e6, GOAL_BYTES / 1e6, (System.nanoTime() - started) / 1_000_000_000);
        assertThat(archive.getFileName().toString()).matches("mangahub-sync-[0-9][^/]*-linux-x64\\.tar\\.gz");
        assertThat(size).as("compressed size").isLessThanOrEqualTo(GOAL_BYTES);

        Path home = unpack(archive, Files.createDirectories(dir.resolve("unpacked")));
        Set<String> asUnpacked = files(home);
        Map<String, String> env = machineWithoutJdk();
        ServiceProcess.Result which = runIn(env, List.of("bash", "-c", "command -v java javac || echo none"));
        assertThat(which.output().strip()).as("java on the PATH of the test machine").isEqualTo("none");

        serveWithTheDemoBeside(home.resolve("bin/mangahub").toString(), env);

        try (Stream<Path> cache = Files.list(dir.resolve("home/.cache/mangahub"))) {
            assertThat(cache.map(p -> p.getFileName().toString()))
                    .as("class-data archives made by the first runs, in the user's cache")
                    .anyMatch(n -> n.matches("mangahub-sync-.*-default-serve\\.jsa"))
                    .anyMatch(n -> n.matches("mangahub-sync-.*-default-demo\\.jsa"));
        }
        assertThat(files(home)).as("the install directory, as unpacked").isEqualTo(asUnpacked);
    }

    /**
     * {@code serve} until /health is UP on the archive's own JVM, and meanwhile the demo (its data apart, under the
     * data directory's demo/) until it is ready; SIGTERM ends each with exit code 0.
     */
    private static void serveWithTheDemoBeside(String launcher, Map<String, String> env) throws Exception {
        Path home = Path.of(launcher).getParent().getParent();
        int servePort = ServiceProcess.freePort();
        int demoPort = ServiceProcess.freePort();
        try (ServiceProcess serve = ServiceProcess.exec(List.of(launcher, "serve"), withPort(env, servePort))) {
            long started = System.nanoTime();
            String health = serve.awaitHttp200("http://127.0.0.1:" + servePort + "/health", Duration.ofSeconds(120));
            System.out.printf("serve from the archive: /health UP after %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(health).contains("\"status\":\"UP\"").contains("\"database\":{\"status\":\"UP\"");
            assertThat(serve.process().info().command()).as("the JVM that runs")
                    .hasValue(home.resolve("runtime/bin/java").toString());
            try (ServiceProcess demo = ServiceProcess.exec(List.of(launcher, "demo", "--series", "10", "--follow", "3"),
                    withPort(env, demoPort))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .failFast("the demo exited", () -> !demo.process().isAlive())
                        .until(() -> demo.output().contains("Ctrl-C to stop."));
                System.out.printf("demo from the archive: ready %d ms after serve started%n",
                        (System.nanoTime() - started) / 1_000_000);
                assertThat(demo.output()).contains("imported 10").contains("a demo reader follows 3 series");
                ServiceProcess.Result stopped = demo.terminate(Duration.ofSeconds(30));
                assertThat(stopped.exitCode()).as(stopped.output()).isZero();
            }
            ServiceProcess.Result stopped = serve.terminate(Duration.ofSeconds(30));
            assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        }
    }

    private static Path unpack(Path archive, Path into) throws Exception {
        ServiceProcess.Result untar = run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()));
        assertThat(untar.exitCode()).as(untar.output()).isZero();
        try (Stream<Path> top = Files.list(into)) {
            return top.findFirst().orElseThrow();
        }
    }

    /** Builds the archive into {@code out} with the script {@code ./mangahub dist} runs; returns it. */
    private static Path build(Path out) throws Exception {
        Path root = Path.of(System.getProperty("mangahub.root", ".."));
        Path jar = Path.of(System.getProperty("mangahub.jar", "target/mangahub-sync.jar"));
        ServiceProcess.Result built = run(List.of("bash", root.resolve("scripts/dist/build.sh").toString(),
                "--jar", jar.toString(), "--out", out.toString()));
        assertThat(built.exitCode()).as(built.output()).isZero();
        System.out.print(built.output());
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
        }
    }

    /**
     * The environment of a machine with no JDK: a PATH of every command of the system's bin directories except those
     * that resolve into a JDK ({@code /usr/bin/java} is one here), no JAVA_HOME, a home and a data directory of
     * this test's own, and a MangaDex that does not answer (tests send nothing off this machine).
     */
    private Map<String, String> machineWithoutJdk() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path"));
        for (String system : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (!Files.isDirectory(Path.of(system))) continue;
            try (Stream<Path> commands = Files.list(Path.of(system))) {
                for (Path command : commands.toList()) {
                    Path link = bin.resolve(command.getFileName().toString());
                    if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) || inJdk(command)) continue;
                    Files.createSymbolicLink(link, command);
                }
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("MANGAHUB_DATA_DIR", dir.resolve("data").toString());
        env.put("MANGAHUB_COAP_PORT", "0");
        env.put("MANGAHUB_MANGADEX_URL", ServeProcessIT.UNREACHABLE_MANGADEX);
        return env;
    }

    private static boolean inJdk(Path command) {
        try {
            // a JDK's home holds a release file beside bin/ (/usr/bin/java is a chain of links into one)
            Path real = command.toRealPath();
            return real.startsWith("/usr/lib/jvm") || Files.exists(real.getParent().resolveSibling("release"));
        } catch (IOException dangling) {
            return true;
        }
    }

    private static Map<String, String> withPort(Map<String, String> env, int port) {
        Map<String, String> out = new HashMap<>(env);
        out.put("MANGAHUB_HTTP_PORT", Integer.toString(port));
        return out;
    }

    private static ServiceProcess.Result run(List<String> command) throws Exception {
        return runIn(System.getenv(), command);
    }

    private static ServiceProcess.Result runIn(Map<String, String> env, List<String> command) throws Exception {
        try (ServiceProcess p = ServiceProcess.exec(command, env)) {
            return p.awaitExit(Duration.ofMinutes(5));
        }
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
        }
    }
}
