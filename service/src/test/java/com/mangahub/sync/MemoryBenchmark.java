package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The design documents claim "about 80 MB during a concurrent run". This runs {@code serve} as its own process
 * through everything at once for a minute: an import of 1,000 series, the chapter stream every second, new-manga
 * polls, 200 readers following 20 series, a new chapter every 250 ms fanned out to all 200 (800 notifications a
 * second), and 50 open SSE streams. It samples the process's resident memory and the JVM heap in use, then forces
 * a full GC for the live set. Once with the JVM's defaults (as {@code ./mangahub serve} runs it), once with a
 * small-footprint set ({@link #SMALL}). New series keep appearing (live); the chapters are all this test's, so the
 * count of notifications is exact. The database is a separate process either way, as the embedded PostgreSQL is too.
 * Run: ./mvnw -B -q -DskipTests package && ./mvnw -B -Pbenchmark test -Dtest=MemoryBenchmark
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class MemoryBenchmark {
    private static final String ADMIN = "memory-benchmark-admin";
    private static final int READERS = 200;
    private static final int SERIES = 20;
    private static final int STREAMS = 50;
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("mangahub.bench.memorySeconds", 60));
    private static final double CLAIMED_MB = 80;
    /** The small-footprint options the README suggests for MANGAHUB_JAVA_OPTS (C1 only: ample for an I/O-bound service). */
    static final String SMALL = "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -Xss256k";
    private static final String OUR_CHAPTERS = "select count(*) from notifications where type = 'NEW_CHAPTER'";

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "JVM options: [{0}]")
    @ValueSource(strings = {"", SMALL})
    void aConcurrentRunFitsInLittleMemory(String jvmOptions, Database db) throws Exception {
        PostgresExtension.clean(db);
        int port = ServiceProcess.freePort();
        List<String> options = jvmOptions.isBlank() ? List.of() : Arrays.asList(jvmOptions.split(" "));
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(3).withWorldSize(1_000, 10_000)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(50), Duration.ZERO).withLive(0, 2));
             ServiceProcess serve = ServiceProcess.start(options, env(sim, port), "serve")) {
            ServiceApi api = new ServiceApi(port);
            serve.awaitHttp200(api.base() + "/health", Duration.ofSeconds(90));
            List<UUID> followed = sim.world().mangaIds().subList(0, SERIES);
            List<String> tokens = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                String token = api.createReader(ADMIN, "reader-" + r);
                for (UUID id : followed) api.send("PUT", "/api/me/library/" + id, token, "");
                tokens.add(token);
            }
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/api/me/notifications/stream"))
                        .header("Authorization", "Bearer " + tokens.get(s)).build(), HttpResponse.BodyHandlers.discarding()));
            }

            Samples samples = new Samples();
            long end = System.nanoTime() + RUN.toNanos();
            int published = 0;
            while (System.nanoTime() < end) {
                sim.world().publish(NewChapter.of(followed.get(published % SERIES), "en")
                        .withChapter(Integer.toString(10_000 + published)));
                published++;
                if (published % 2 == 0) samples.take(http, api.base());
                Thread.sleep(250);
            }
            long expected = (long) published * READERS;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> PostgresExtension.count(db,
                    OUR_CHAPTERS) >= expected);
            samples.take(http, api.base());
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(serve.pid()), "GC.run").redirectErrorStream(true).start().waitFor();
            Thread.sleep(500);
            double liveMb = heapUsedMb(http, api.base());
            double peakRssMb = status(serve.pid(), "VmHWM");
            long imported = PostgresExtension.count(db, "select count(*) from manga");
            streams.forEach(s -> s.cancel(true));

            System.out.printf("memory [%s]: %d s, %d series imported, %d chapters x %d readers = %d notifications, "
                    + "%d SSE streams: peak RSS %.0f MB, heap in use peak %.0f MB, live heap after full GC %.0f MB "
                    + "(the documents: about %.0f MB; live heap %.1fx less)%n",
                    jvmOptions.isBlank() ? "JVM defaults" : jvmOptions, RUN.toSeconds(), imported, published, READERS,
                    PostgresExtension.count(db, OUR_CHAPTERS), STREAMS, peakRssMb,
                    samples.peakHeapMb, liveMb, CLAIMED_MB, CLAIMED_MB / liveMb);
            assertThat(PostgresExtension.count(db, OUR_CHAPTERS)).isEqualTo(expected);
            assertThat(imported).as("the whole import ran alongside").isGreaterThanOrEqualTo(1_000);
            assertThat(serve.process().isAlive()).as("no OutOfMemoryError ended it").isTrue();
            assertThat(serve.output()).doesNotContain("OutOfMemoryError");
            assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private Map<String, String> env(Simulator sim, int port) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir, port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "true");
        env.put("MANGA_SYNC_INITIAL_COUNT", "1000");
        env.put("MANGAHUB_NEW_MANGA_INTERVAL", "10s");
        env.put("MANGAHUB_LOG_LEVEL", "WARN");
        return env;
    }

    /** The largest heap in use seen while the run went on. */
    private static final class Samples {
        double peakHeapMb;

        void take(HttpClient http, String base) throws Exception {
            peakHeapMb = Math.max(peakHeapMb, heapUsedMb(http, base));
        }
    }

    /** Sum of jvm_memory_used_bytes over the heap pools, from the service's own /metrics. */
    private static double heapUsedMb(HttpClient http, String base) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1024 * 1024);
    }

    /** A size line of /proc/PID/status (VmRSS, VmHWM), in MB. */
    private static double status(long pid, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElseThrow();
    }
}
