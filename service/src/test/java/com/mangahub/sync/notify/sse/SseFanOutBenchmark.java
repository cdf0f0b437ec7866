package com.mangahub.sync.notify.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.notify.FanOutRuns;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceCpu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One NEW_CHAPTER to 10,000 readers, each with an SSE stream open at once (one virtual thread per stream on our
 * side, Jetty's), against the machine's ceiling in the same run: a bare socket server ({@link ChunkedCeiling})
 * writing the same event as one HTTP/1.1 chunk to as many open connections. The clients are plain sockets on
 * virtual threads in a process of their own ({@link SseLoadClient}; both ends in one JVM would need more file
 * descriptors than it may open). Ours counts from the trigger POST (outbox, fan-out insert, feed, every stream's
 * write and the log's delivered marks); the ceiling from the publish call. Goals: ≤ 1 s, ratio ≤ 2.5, and ≥ 12,500
 * deliveries per CPU-second of the service ({@link FanOutRuns}). {@code -Dmangahub.bench.runs=5} repeats ceiling and
 * fan-out five times and prints the spread.
 * Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=SseFanOutBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class SseFanOutBenchmark {
    private static final int STREAMS = Integer.getInteger("mangahub.bench.streams", 10_000);
    private static final double GOAL_MS = 1_000;

    @TempDir
    Path dir;

    /** Streams of a fan-out before the measured one, so it measures the running service, not the JIT's first compilations. */
    private static final int WARM_UP_STREAMS = 1_000;

    @Test
    void oneChapterReachesTenThousandOpenStreams(Database db) throws Exception {
        PostgresExtension.clean(db);
        Fanned warmUp = fanOut(WARM_UP_STREAMS);
        System.out.printf("BENCHMARK SSE fan-out warm-up (not measured): %,d streams in %d ms%n", WARM_UP_STREAMS,
                warmUp.time().toMillis());
        FanOutRuns runs = new FanOutRuns("SSE fan-out", STREAMS, GOAL_MS);
        for (int run = 1; run <= FanOutRuns.RUNS; run++) {
            PostgresExtension.clean(db);
            Duration ceiling = ceiling();
            PostgresExtension.clean(db);
            Fanned measured = fanOut(STREAMS);
            Duration ours = measured.time();
            System.out.printf("BENCHMARK SSE fan-out, %,d open streams, run %d: trigger to the first stream's event %d ms "
                    + "(outbox, fan-out insert, feed), first to last %d ms; the machine's cores busy %.0f %% (service, "
                    + "PostgreSQL, the client process); ceiling (bare socket server, one chunked write per connection, "
                    + "virtual threads) %d ms (%,.0f events/s); streams refused while all connected at once and opened "
                    + "again: %d%n", STREAMS, run, measured.first().toMillis(), ours.minus(measured.first()).toMillis(),
                    100 * measured.machineBusy(), ceiling.toMillis(), STREAMS / (ceiling.toNanos() / 1e9),
                    measured.refused());
            runs.add(ours, ceiling, measured.cpu());
        }
        runs.printSpread();
        assertThat(runs.medianRatio()).as("the ceiling does less of the same work").isGreaterThan(1.0);
    }

    /**
     * One fan-out: from the trigger to the last stream's event and to the first's, the streams refused while connecting,
     * the CPU the service (this JVM: the clients are a process of their own) and PostgreSQL spent meanwhile, and the
     * share of the machine's cores busy.
     */
    record Fanned(Duration time, Duration first, int refused, ServiceCpu.Spent cpu, double machineBusy) {}

    /** Busy and total jiffies of all cores, from /proc/stat's first line. */
    private static long[] machineJiffies() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    /** One chapter to {@code streams} readers' open streams, from the trigger POST to the last stream's event. */
    private Fanned fanOut(int streams) throws Exception {
        String manga = UUID.randomUUID().toString();
        try (NotifyStack stack = NotifyStack.asServed().startBackground()) {
            long mangaId = stack.insertManga(UUID.fromString(manga), "One Piece");
            Path tokens = Files.write(dir.resolve("tokens-" + streams), stack.bulkUsersFollowing(streams, mangaId));
            Fanned result;
            try (Clients clients = new Clients(stack.http.port(), "/api/me/notifications/stream", tokens, streams)) {
                await().atMost(Duration.ofMinutes(5)).until(() -> stack.sse.clients() == streams);
                ServiceCpu cpu = ServiceCpu.start();
                long[] jiffiesBefore = machineJiffies();
                long triggered = System.nanoTime();
                var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                        + "\",\"title\":\"One Piece\",\"chapter\":\"1100\",\"old_chapter\":\"1099\"}");
                assertThat(response.statusCode()).isEqualTo(202);
                long last = clients.lastArrival();
                ServiceCpu.Spent spent = cpu.stop();
                long[] jiffies = machineJiffies();
                result = new Fanned(Duration.ofNanos(last - triggered), Duration.ofNanos(clients.firstArrival - triggered),
                        clients.retries, spent,
                        (double) (jiffies[0] - jiffiesBefore[0]) / Math.max(1, jiffies[1] - jiffiesBefore[1]));
            }
            assertThat(stack.count("select count(*) from notifications")).isEqualTo(streams);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    stack.count("select count(*) from notifications where delivered_at is not null") == streams);
            return result;
        }
    }

    /** The same event (an id, a type, a compact NEW_CHAPTER of the same size) to as many bare connections. */
    private Duration ceiling() throws Exception {
        List<String> anyTokens = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) anyTokens.add("t" + i);
        Path tokens = Files.write(dir.resolve("ceiling-tokens"), anyTokens);
        try (ChunkedCeiling server = new ChunkedCeiling();
             Clients clients = new Clients(server.port(), "/stream", tokens, STREAMS)) {
            await().atMost(Duration.ofMinutes(5)).until(() -> server.open() == STREAMS);
            long published = System.nanoTime();
            server.publish("event: NEW_CHAPTER\nid: 123456\ndata: {\"id\":123456,\"type\":\"NEW_CHAPTER\",\"manga_id\":\""
                    + UUID.randomUUID() + "\",\"title\":\"One Piece\",\"chapter\":\"1100\",\"old_chapter\":\"1099\","
                    + "\"chapter_id\":\"" + UUID.randomUUID() + "\",\"created_at\":\"2026-12-03T12:00:00.123456Z\"}\n\n");
            return Duration.ofNanos(clients.lastArrival() - published);
        }
    }

    /** The client process: started on construction, connected when it says so, ended on close. */
    private static final class Clients implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final int streams;
        /** Streams refused (5xx) while all connected at once, and opened again after a pause. */
        int retries;

        Clients(int port, String path, Path tokens, int streams) throws Exception {
            this.streams = streams;
            Path classes = Path.of(SseLoadClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Xss256k", "-cp", classes.toString(), SseLoadClient.class.getName(), "127.0.0.1",
                    Integer.toString(port), path, tokens.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the client process connected every stream").startsWith("CONNECTED " + streams + " ");
            retries = Integer.parseInt(line.split(" ")[2]);
        }

        /** The nanoTime of the first stream's event, once {@link #lastArrival} returned. */
        long firstArrival;

        /** Blocks until every stream saw its event; the nanoTime of the last one. */
        long lastArrival() throws Exception {
            String line = out.readLine();
            assertThat(line).as("every stream received the event").startsWith("RECEIVED " + streams + " ");
            firstArrival = Long.parseLong(line.split(" ")[2]);
            return Long.parseLong(line.split(" ")[3]);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
