package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.LauncherProfile;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The design documents claim "about 80 MB during a concurrent run". This runs {@code serve} as its own process, with
 * the JVM options {@code ./mangahub} uses ({@link LauncherProfile}: {@code scripts/jvm/default.options}, then
 * {@code small.options}, each with its AppCDS archive and {@code MALLOC_ARENA_MAX=2}), through everything at once
 * for a minute: an import of 10,000 series, the chapter stream every second, new-manga polls, 10,000 readers (50 of
 * them through the API, the rest written straight into the database, as many as an operator would have) following 2
 * of 20 series each, a new chapter every 250 ms fanned out to its 1,000 followers (4,000 notifications a second),
 * and 50 open SSE streams. It samples the process's resident memory and the JVM heap in use, then forces a full GC
 * and reads the resident memory again. The AppCDS archive is written by a short first run of each profile (as the
 * launcher's first start writes it), so the measured run maps it as every later start does. New series keep
 * appearing (live); the chapters are all this test's, so the count of notifications is exact. The database is a
 * separate process either way, as the embedded PostgreSQL is too. The floor in the same run: a JVM with the same
 * options that loads nothing. Printed beside the figures: the resident memory by mapping (anonymous, the class-data
 * archives, libjvm), the thread count and the CPU time used; with {@code -Dmangahub.bench.jvm=
 * -XX:NativeMemoryTracking=summary} also the JVM's own account, its platform threads and a class histogram
 * ({@code mangahub.bench.jvm} adds any options after the profile's; {@code -Dmangahub.bench.profiles=default} runs
 * one profile).
 * Goals: RSS ≤ 128 MB with the default profile, ≤ 96 MB with the small one (issue 29).
 * Run: ./mvnw -B -q -DskipTests package && ./mvnw -B -Pbenchmark test -Dtest=MemoryBenchmark
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class MemoryBenchmark {
    private static final String ADMIN = "memory-benchmark-admin";
    private static final int READERS = Integer.getInteger("mangahub.bench.readers", 10_000);
    private static final int API_READERS = 50;
    private static final int SERIES_IN_WORLD = Integer.getInteger("mangahub.bench.series", 10_000);
    private static final int SERIES = 20;
    private static final int STREAMS = 50;
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("mangahub.bench.memorySeconds", 60));
    private static final Map<String, Double> GOAL_MB = Map.of("default", 128.0, "small", 96.0);
    private static final String OUR_CHAPTERS = "select count(*) from notifications where type = 'NEW_CHAPTER'";
    /** Options added after the profile's, to try one (e.g. {@code -XX:NativeMemoryTracking=summary}), space-separated. */
    private static final List<String> EXTRA_OPTIONS = List.of(System.getProperty("mangahub.bench.jvm", "").split(" "))
            .stream().filter(o -> !o.isBlank()).toList();

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "MANGAHUB_PROFILE={0}")
    @ValueSource(strings = {"default", "small"})
    void aConcurrentRunFitsInLittleMemory(String profileName, Database db) throws Exception {
        assumeTrue(List.of(System.getProperty("mangahub.bench.profiles",
                "default,small").split(",")).contains(profileName), "-Dmangahub.bench.profiles leaves it out");
        PostgresExtension.clean(db);
        int port = ServiceProcess.freePort();
        LauncherProfile profile = LauncherProfile.of(profileName, dataDir.resolve("serve-" + profileName + ".jsa"));
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(3)
                .withWorldSize(SERIES_IN_WORLD, SERIES_IN_WORLD * 2)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(50), Duration.ZERO).withLive(0, 2))) {
            double floorMb = bareJvmRssMb(profile);
            writeArchive(profile, sim, port);
            PostgresExtension.clean(db);
            List<String> options = new ArrayList<>(profile.jvmOptions());
            options.addAll(EXTRA_OPTIONS);
            try (ServiceProcess serve = ServiceProcess.start(options, env(sim, port), "serve")) {
                measure(profile.name(), options, floorMb, db, sim, port, serve);
            }
        }
    }

    /** A first start and stop, as the launcher's first run: it writes the profile's AppCDS archive at exit. */
    private void writeArchive(LauncherProfile profile, Simulator sim, int port) throws Exception {
        Map<String, String> env = env(sim, port);
        try (ServiceProcess first = ServiceProcess.start(profile.jvmOptions(), env, "serve")) {
            first.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            assertThat(first.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private void measure(String profileName, List<String> options, double floorMb, Database db, Simulator sim, int port, ServiceProcess serve) throws Exception {
        ServiceApi api = new ServiceApi(port);
        serve.awaitHttp200(api.base() + "/health", Duration.ofSeconds(90));
        List<UUID> followed = sim.world().mangaIds().subList(0, SERIES);
        List<String> tokens = new ArrayList<>();
        for (int r = 0; r < API_READERS; r++) {
            String token = api.createReader(ADMIN, "reader-" + r);
            // the first reader's follows start the tracking of the 20 series (their baselines)
            if (r == 0) for (UUID id : followed) api.send("PUT", "/api/me/library/" + id, token, "");
            tokens.add(token);
        }
        // the import starts once the follows are in: a follow takes its series' baseline first, at the rate the
        // import shares, and behind the import's pages it could outlast the client's 30 s timeout
        api.send("POST", "/api/jobs", ADMIN, "{\"kind\":\"import\",\"params\":{\"limit\":" + SERIES_IN_WORLD + "}}");
        Map<UUID, Long> followers = addReadersAndLibraries(db, followed);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/api/me/notifications/stream"))
                    .header("Authorization", "Bearer " + tokens.get(s)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.discarding()));
        }

        Samples samples = new Samples();
        long end = System.nanoTime() + RUN.toNanos();
        int published = 0;
        long expected = 0;
        while (System.nanoTime() < end) {
            UUID series = followed.get(published % SERIES);
            sim.world().publish(NewChapter.of(series, "en").withChapter(Integer.toString(10_000 + published)));
            expected += followers.get(series);
            published++;
            if (published % 2 == 0) samples.take(http, api.base(), serve.pid());
            Thread.sleep(250);
        }
        long total = expected;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> PostgresExtension.count(db,
                OUR_CHAPTERS) >= total);
        // the import shares the rate with the chapter stream and the baselines (bulk takes 4 of its 5 slots at most):
        // on a slow machine its last pages come after the minute; the peak must include its whole run
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            samples.take(http, api.base(), serve.pid());
            return PostgresExtension.count(db, "select count(*) from manga") >= SERIES_IN_WORLD;
        });
        samples.take(http, api.base(), serve.pid());
        jcmd(serve.pid(), "GC.run");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        double liveMb = heapUsedMb(http, api.base());
        double rssAfterGcMb = status(serve.pid(), "VmRSS");
        double peakRssMb = status(serve.pid(), "VmHWM");
        long imported = PostgresExtension.count(db, "select count(*) from manga");
        String breakdown = String.format("%.0f MB anonymous, %.0f MB file-backed, %s threads, %.0f s CPU",
                status(serve.pid(), "RssAnon"), status(serve.pid(), "RssFile"), statusLine(serve.pid(), "Threads"),
                serve.process().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0);
        System.out.println("BENCHMARK memory [" + profileName + "] resident by mapping: " + residentByMapping(serve.pid()));
        if (EXTRA_OPTIONS.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
            System.out.println(jcmd(serve.pid(), "VM.native_memory", "summary"));
            System.out.println("platform threads: " + jcmd(serve.pid(), "Thread.print").lines()
                    .filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1)))
                    .collect(Collectors.joining(", ")));
            System.out.println(jcmd(serve.pid(), "GC.class_histogram").lines().limit(80)
                    .collect(Collectors.joining("\n")));
        }
        streams.forEach(s -> s.cancel(true));
        double goal = GOAL_MB.get(profileName);

        System.out.printf("BENCHMARK memory [MANGAHUB_PROFILE=%s: %s]: %d s, %,d series imported, %,d readers, %d chapters "
                + "= %,d notifications, %d SSE streams: RSS peak %.0f MB, RSS after full GC %.0f MB (goal %.0f MB: %s), "
                + "heap in use peak %.0f MB, live heap after full GC %.0f MB, RSS peak sampled %.0f MB; after GC %s%n",
                profileName, String.join(" ", options), RUN.toSeconds(), imported, READERS, published,
                PostgresExtension.count(db, OUR_CHAPTERS), STREAMS, peakRssMb, rssAfterGcMb, goal,
                peakRssMb <= goal ? "met" : "MISSED by " + String.format("%.0f MB", peakRssMb - goal),
                samples.peakHeapMb, liveMb, samples.peakRssMb, breakdown);
        System.out.printf("BENCHMARK memory [%s]: floor (a JVM with the same options that loads nothing) %.0f MB; "
                + "ours %.0f MB, ratio %.2f; the service's own share %.0f MB%n", profileName, floorMb, peakRssMb,
                peakRssMb / floorMb, peakRssMb - floorMb);
        assertThat(PostgresExtension.count(db, OUR_CHAPTERS)).isEqualTo(total);
        assertThat(imported).as("the whole import ran alongside").isGreaterThanOrEqualTo(SERIES_IN_WORLD);
        assertThat(serve.process().isAlive()).as("no OutOfMemoryError ended it").isTrue();
        assertThat(serve.output()).doesNotContain("OutOfMemoryError");
        assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
    }

    /**
     * The readers past the API's 50, written in one statement, and every reader's library: reader r follows series
     * r mod 20 and (r + 1) mod 20, so each chapter has about 1,000 followers. Returns each series' follower count.
     */
    private static Map<UUID, Long> addReadersAndLibraries(Database db, List<UUID> followed) {
        return db.inTransaction(h -> {
            h.execute("insert into users (name, token_hash) select 'bulk-' || g, sha256(convert_to('bulk-' || g, 'UTF8')) "
                    + "from generate_series(1, ?) g", READERS - API_READERS);
            h.createUpdate("insert into user_library (user_id, manga_id) select u.id, m.id from "
                            + "(select id, row_number() over (order by id) - 1 as r from users) u "
                            + "join (select id, array_position(cast(:series as uuid[]), mangadex_id) - 1 as s from manga "
                            + "where mangadex_id = any(cast(:series as uuid[]))) m "
                            + "on m.s = u.r % :n or m.s = (u.r + 1) % :n on conflict do nothing")
                    .bind("series", followed.toArray(new UUID[0])).bind("n", SERIES).execute();
            Map<UUID, Long> counts = new java.util.HashMap<>();
            h.createQuery("select m.mangadex_id, count(*) from user_library l join manga m on m.id = l.manga_id "
                            + "where m.mangadex_id = any(cast(:series as uuid[])) group by m.mangadex_id")
                    .bind("series", followed.toArray(new UUID[0]))
                    .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            assertThat(counts).as("every series has followers").hasSize(SERIES);
            return counts;
        });
    }

    private Map<String, String> env(Simulator sim, int port) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir, port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        LauncherProfile.addEnvironment(env);
        env.put("MANGAHUB_NEW_MANGA_INTERVAL", "10s");
        env.put("MANGAHUB_LOG_LEVEL", "WARN");
        return env;
    }

    /** The largest heap in use and resident set seen while the run went on. */
    private static final class Samples {
        double peakHeapMb;
        double peakRssMb;

        void take(HttpClient http, String base, long pid) throws Exception {
            peakHeapMb = Math.max(peakHeapMb, heapUsedMb(http, base));
            peakRssMb = Math.max(peakRssMb, status(pid, "VmRSS"));
        }
    }

    /** Sum of jvm_memory_used_bytes over the heap pools, from the service's own /metrics. */
    private static double heapUsedMb(HttpClient http, String base) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1024 * 1024);
    }

    /**
     * Where the resident memory is, from /proc/PID/smaps: the largest mappings by file (or anonymous), each with its
     * resident and its anonymous (written, private) part, in MB.
     */
    private static String residentByMapping(long pid) throws Exception {
        Map<String, long[]> kb = new TreeMap<>();
        String name = "";
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].contains("-") && !f[0].endsWith(":")) {
                name = f.length >= 6 ? Path.of(f[5]).getFileName() + "" : "anonymous";
            } else if (f[0].equals("Rss:")) {
                kb.computeIfAbsent(name, n -> new long[2])[0] += Long.parseLong(f[1]);
            } else if (f[0].equals("Anonymous:")) {
                kb.computeIfAbsent(name, n -> new long[2])[1] += Long.parseLong(f[1]);
            }
        }
        return kb.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(8)
                .map(e -> String.format("%s %.1f (%.1f anonymous)", e.getKey(), e.getValue()[0] / 1024.0,
                        e.getValue()[1] / 1024.0)).collect(Collectors.joining(", "));
    }

    /**
     * The floor this work cannot go below on this JVM: the peak resident memory of a JVM started with the profile's
     * options (its base class-data archive, not the service's) that loads no class of ours and waits.
     */
    private static double bareJvmRssMb(LauncherProfile profile) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        profile.jvmOptions().stream().filter(o -> !o.contains("SharedArchive") && !o.startsWith("-Xlog:cds"))
                .forEach(command::add);
        command.addAll(List.of("-cp", Path.of(Idle.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(), Idle.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        LauncherProfile.addEnvironment(pb.environment());
        Process idle = pb.start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(idle.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the bare JVM started").isEqualTo("IDLE");
            return status(idle.pid(), "VmHWM");
        } finally {
            idle.getOutputStream().close();
            assertThat(idle.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The bare JVM's program: says it is up, then waits for its input to close. */
    static final class Idle {
        public static void main(String[] args) throws Exception {
            System.out.println("IDLE");
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing: the floor is the JVM itself
            }
        }
    }

    /** What {@code jcmd PID command...} printed (it waits for the command to finish). */
    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("jcmd %s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    /** A size line of /proc/PID/status (VmRSS, VmHWM, RssAnon, RssFile), in MB. */
    private static double status(long pid, String field) throws Exception {
        return Double.parseDouble(statusLine(pid, field).replaceAll("[^0-9]", "")) / 1024;
    }

    /** The value of a line of /proc/PID/status, as written there. */
    private static String statusLine(long pid, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow().substring(field.length() + 1).strip();
    }
}
