package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.LauncherProfile;
import com.mangahub.sync.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from process start to its first 200 on {@code /health}, as {@code ./mangahub serve} runs it (the
 * default profile's options and its AppCDS archive, {@link LauncherProfile}), on the embedded PostgreSQL: first on a
 * new data directory (initdb, every migration, the archive written at exit), then several times on the existing one.
 * The parts come from the service's own log: the JVM until the first log line, then until the database is ready
 * (the embedded PostgreSQL's start, Flyway's check), then until healthy. The machine's floor in the same run: the
 * same JVM with the same options and archive running {@code version} (no database, no server). Goal: ≤ 3 s on an
 * existing directory. Run: {@code ./mvnw -B -q -DskipTests package && ./mvnw -B -o -Pbenchmark test -Dtest=StartupBenchmark}.
 */
@Tag("benchmark")
class StartupBenchmark {
    private static final int WARM_STARTS = Integer.getInteger("mangahub.bench.starts", 3);
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(?:Z|[+-]\\d\\d:\\d\\d)) ");
    private static final double GOAL_MS = 3_000;

    @TempDir
    Path dir;

    /** One start: to healthy, and its parts. */
    record Start(long healthyMs, long jvmMs, long databaseMs) {
        @Override
        public String toString() {
            return String.format("%d ms (JVM to first log line %d, database ready +%d, healthy +%d)", healthyMs, jvmMs,
                    databaseMs - jvmMs, healthyMs - databaseMs);
        }
    }

    @Test
    void serveOnAnExistingDataDirectoryIsHealthyWithinThreeSeconds() throws Exception {
        Path archive = dir.resolve("serve.jsa");
        LauncherProfile profile = LauncherProfile.of("default", archive);
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(50, 200))) {
            Map<String, String> env = env(sim.baseUri());
            Start first = start(profile, env);
            assertThat(archive).as("the first run's exit wrote the AppCDS archive").exists();
            List<Start> warm = new ArrayList<>();
            for (int i = 0; i < WARM_STARTS; i++) warm.add(start(profile, env));
            long floor = versionFloor(profile);
            Start median = warm.stream().sorted(java.util.Comparator.comparingLong(Start::healthyMs)).toList()
                    .get(warm.size() / 2);
            System.out.printf("BENCHMARK start-up of serve, default profile with AppCDS: existing data directory %s "
                            + "(median of %d; all %s); first start on a new directory %s; floor (the same JVM, options "
                            + "and archive running `version`) %d ms; ratio %.2f; goal %.0f ms: %s; load average %.1f%n",
                    median, warm.size(), warm.stream().map(Start::healthyMs).toList(), first, floor,
                    (double) median.healthyMs() / floor, GOAL_MS,
                    median.healthyMs() <= GOAL_MS ? "met" : "MISSED by " + (median.healthyMs() - (long) GOAL_MS) + " ms",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(first.healthyMs()).as("a new directory also runs initdb and every migration")
                    .isGreaterThan(median.databaseMs() - median.jvmMs());
        }
    }

    private Map<String, String> env(URI mangadex) throws Exception {
        Map<String, String> env = ServiceProcess.serveEnv(dir.resolve("data"), ServiceProcess.freePort(),
                "startup-benchmark-admin-token", mangadex);
        env.remove("MANGAHUB_DATABASE_URL"); // the embedded PostgreSQL, as ./mangahub serve runs by default
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_LOG_LEVEL", "INFO");
        LauncherProfile.addEnvironment(env);
        return env;
    }

    private Start start(LauncherProfile profile, Map<String, String> env) throws Exception {
        URI health = URI.create("http://127.0.0.1:" + env.get("MANGAHUB_HTTP_PORT") + "/health");
        // the wall clock the log lines are stamped with, read here: the process's own start instant comes from
        // /proc, whose boot time is whole seconds, and put the parts up to a second off (negative ones were seen)
        Instant processStart = Instant.now();
        long started = System.nanoTime();
        try (ServiceProcess serve = ServiceProcess.start(profile.jvmOptions(), env, "serve")) {
            awaitHealthy(serve, health);
            long healthyMs = (System.nanoTime() - started) / 1_000_000;
            String log = serve.output();
            long jvmMs = sinceStart(processStart, firstLogTime(log, ""));
            long databaseMs = sinceStart(processStart, firstLogTime(log, "database ready"));
            assertThat(serve.terminate(Duration.ofSeconds(60)).exitCode()).isZero();
            return new Start(healthyMs, jvmMs, databaseMs);
        }
    }

    /** 20 ms polls (ServiceProcess's 200 ms would blur the figure). */
    private static void awaitHealthy(ServiceProcess serve, URI health) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest get = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(serve.process().isAlive()).as("serve is running: %s", serve.output()).isTrue();
            try {
                if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("not healthy within 120 s: " + serve.output());
    }

    private static Instant firstLogTime(String log, String containing) {
        for (String line : log.lines().toList()) {
            Matcher m = LOG_TIME.matcher(line);
            if (m.find() && line.contains(containing)) return OffsetDateTime.parse(m.group(1)).toInstant();
        }
        throw new AssertionError("no log line containing '" + containing + "' in: " + log);
    }

    private static long sinceStart(Instant processStart, Instant at) {
        return Math.max(0, Duration.between(processStart, at).toMillis());
    }

    /** The JVM alone with the same options and archive (`version` loads few classes and needs nothing). */
    private long versionFloor(LauncherProfile profile) throws Exception {
        List<Long> runs = new ArrayList<>();
        Path archive = dir.resolve("version.jsa");
        List<String> options = profile.jvmOptions().stream()
                .map(o -> o.startsWith("-XX:SharedArchiveFile=") ? "-XX:SharedArchiveFile=" + archive : o).toList();
        for (int i = 0; i < 4; i++) {
            long t = System.nanoTime();
            try (ServiceProcess p = ServiceProcess.start(options, Map.of("MALLOC_ARENA_MAX", LauncherProfile.MALLOC_ARENA_MAX), "version")) {
                assertThat(p.process().waitFor()).isZero();
            }
            if (i > 0) runs.add((System.nanoTime() - t) / 1_000_000); // the first run writes the archive
        }
        return runs.stream().sorted().toList().get(runs.size() / 2);
    }
}
