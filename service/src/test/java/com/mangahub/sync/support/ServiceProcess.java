package com.mangahub.sync.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged jar run as a real process, as an operator would run it: its own environment, output captured to a
 * file, stopped with a real signal. For failsafe integration tests ({@code *IT}).
 */
public final class ServiceProcess implements AutoCloseable {
    /**
     * A heap cap, and the launcher profiles' C1-only compiler and Serial collector (scripts/jvm/default.options): what
     * operators run, and a third less CPU per start than the JVM's defaults (C2 compiler threads, G1's), which on a
     * two-core machine is most of what an integration test waits for.
     */
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ServiceProcess start(Map<String, String> env, String... args) throws IOException {
        return start(DEFAULT_JVM_OPTIONS, env, args);
    }

    /** The same, with the given JVM options instead of the default ones. */
    public static ServiceProcess start(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        Path jar = Path.of(System.getProperty("mangahub.jar", "../app/target/mangahub-sync.jar"));
        if (!Files.exists(jar)) throw new IllegalStateException("packaged jar missing: " + jar + " (run mvn package)");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // as the launcher's profiles: an OutOfMemoryError ends the process (crash-only), whatever a test's options
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("mangahub-process", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MANGAHUB_") || k.startsWith("MANGADEX_")
                || k.equals("DATABASE_URL"));
        pb.environment().putAll(env);
        return new ServiceProcess(pb.start(), output);
    }

    /**
     * Any command (a launcher script, say) as a process with exactly the environment given, nothing inherited from
     * this JVM: what a machine without the build's JDK and variables looks like.
     */
    public static ServiceProcess exec(List<String> command, Map<String, String> environment) throws IOException {
        Path output = Files.createTempFile("mangahub-process", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        return new ServiceProcess(pb.start(), output);
    }

    /** Runs a command to completion (at most {@code timeout}) and returns its exit code and output. */
    public static Result run(Duration timeout, Map<String, String> env, String... args) throws Exception {
        try (ServiceProcess p = start(env, args)) {
            return p.awaitExit(timeout);
        }
    }

    /** Waits until the process has ended by itself (at most {@code timeout}); its exit code and output. */
    public Result awaitExit(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + output());
        }
        return new Result(process.exitValue(), output(), Duration.ofNanos(System.nanoTime() - started));
    }

    public record Result(int exitCode, String output, Duration took) {}

    /**
     * The environment of a {@code serve} on the test database and the given MangaDex: HTTP on {@code httpPort}, CoAP on
     * any free port, chapter polls every second; mutable, for a test's own additions.
     */
    public static Map<String, String> serveEnv(Path dataDir, int httpPort, String adminToken, URI mangadex) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl());
        env.put("MANGAHUB_DATA_DIR", dataDir.toString());
        env.put("MANGAHUB_HTTP_PORT", Integer.toString(httpPort));
        env.put("MANGAHUB_COAP_PORT", "0");
        env.put("MANGAHUB_ADMIN_TOKEN", adminToken);
        env.put("MANGAHUB_MANGADEX_URL", mangadex.toString());
        env.put("MANGAHUB_CHAPTER_INTERVAL", "1s");
        env.put("MANGAHUB_POLL_OVERLAP", "2m");
        return env;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls GET url until it answers 200 or the process dies or the timeout passes; returns the 200's body. */
    public String awaitHttp200(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                            return r.statusCode() == 200 ? r.body() : null;
                        } catch (IOException notYet) {
                            return null; // the server is not listening yet: keep polling until the timeout
                        }
                    }, Objects::nonNull);
        } catch (TerminalFailureException e) {
            throw new AssertionError("process exited " + process.exitValue() + ": " + output(), e);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no 200 from " + url + " within " + timeout + ": " + output(), e);
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and waits; returns the exit code and how long the stop took. */
    public Result terminate(Duration timeout) throws Exception {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("did not exit within " + timeout + " of SIGTERM: " + output());
        }
        return new Result(process.exitValue(), output(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Sends SIGKILL (kill -9): no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** Processes on this machine whose command line mentions {@code text} (e.g. a data directory). */
    public static List<String> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
