package com.mangahub.sync.web;

import static com.mangahub.sync.web.FloodClient.ADMIN;
import static com.mangahub.sync.web.FloodClient.body;
import static com.mangahub.sync.web.FloodClient.openStream;
import static com.mangahub.sync.web.FloodClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.RawHttp;
import com.mangahub.sync.support.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, acceptance 1 and 2: one reader floods the packaged service with SSE streams from this process (raw sockets,
 * a refused attempt's connection reused for the next) while a second reader is served.
 */
@ExtendWith(PostgresExtension.class)
class OneReaderFloodIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOODER = "flooder-token-0123456789";
    private static final String CALM = "calm-reader-token-0123456789";
    private static final int ATTEMPTS = 20_000;
    private static final long RSS_GROWTH_LIMIT = 64L << 20;

    @TempDir
    Path dataDir;

    @Test
    void twentyThousandStreamAttemptsLeaveTheCapOpenTheRestJson429AndASecondReaderIsServedWithinASecond(Database db)
            throws Exception {
        FloodClient.Scene scene = FloodClient.scene(db, FLOODER, CALM);
        UUID manga = scene.manga();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(23).withWorldSize(3, 10));
             ServiceProcess service = start(sim, FloodClient.profile("default"), Map.of())) {
            int port = port(service);
            try (Socket calmStream = new Socket("127.0.0.1", port)) {
                assertThat(status(openStream(calmStream, CALM))).isEqualTo(200);
                BlockingQueue<Long> arrivals = listen(calmStream);
                long quietMs = deliveryMs(port, arrivals, manga, 1);
                long rssBefore = FloodClient.rss(service.pid());
                Sampler sampler = new Sampler(service.pid(), port).start();

                AtomicInteger attempts = new AtomicInteger();
                AtomicInteger opened = new AtomicInteger();
                AtomicInteger other = new AtomicInteger();
                Map<String, AtomicInteger> refusedBy = new ConcurrentHashMap<>();
                List<Socket> held = Collections.synchronizedList(new ArrayList<>());
                long started = System.nanoTime();
                try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
                    for (int c = 0; c < 8; c++) {
                        clients.submit(() -> {
                            Socket s = new Socket("127.0.0.1", port);
                            while (attempts.incrementAndGet() <= ATTEMPTS) {
                                String answer = openStream(s, FLOODER);
                                if (status(answer) == 200) {
                                    opened.incrementAndGet();
                                    held.add(s);
                                    s = new Socket("127.0.0.1", port);
                                } else if (status(answer) == 429) {
                                    JsonNode refusal = JSON.readTree(body(answer));
                                    assertThat(refusal.path("error").asText()).isEqualTo("too_many_requests");
                                    assertThat(answer).contains("Retry-After: ");
                                    refusedBy.computeIfAbsent(refusal.path("limit").asText(), l -> new AtomicInteger())
                                            .incrementAndGet();
                                } else {
                                    other.incrementAndGet();
                                }
                            }
                            s.close();
                            return null;
                        });
                    }
                    awaitAttempts(attempts, ATTEMPTS / 2);
                    // half-way through the flood: the other reader's stream and API
                    long triggered = System.nanoTime();
                    assertThat(trigger(port, FloodClient.newChapter(manga, 2)).status()).isEqualTo(202);
                    Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
                    assertThat(arrived).as("NEW_CHAPTER on the second reader's stream").isNotNull();
                    long deliveredMs = (arrived - triggered) / 1_000_000;
                    long apiStarted = System.nanoTime();
                    RawHttp.Answer me = RawHttp.raw(port, RawHttp.head("GET", "/api/me",
                            Map.of("Authorization", "Bearer " + CALM, "Connection", "close"), ""));
                    long apiMs = (System.nanoTime() - apiStarted) / 1_000_000;
                    clients.shutdown();
                    assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
                    long tookMs = (System.nanoTime() - started) / 1_000_000;
                    sampler.stop();
                    System.out.printf("acceptance 1: %,d stream attempts of one reader in %,d ms: %d opened, refused %s, "
                                    + "other %d; most streams open at once (all readers) %d; second reader: NEW_CHAPTER "
                                    + "after %d ms (%d ms before the flood), GET /api/me %d in %d ms; RSS %,d -> peak "
                                    + "%,d kB (+%,d kB)%n",
                            ATTEMPTS, tookMs, opened.get(), refusedBy, other.get(), sampler.mostStreams.get(),
                            deliveredMs, quietMs, me.status(), apiMs, rssBefore >> 10, sampler.rssPeak.get() >> 10,
                            (sampler.rssPeak.get() - rssBefore) >> 10);
                    assertThat(opened.get()).as("streams opened").isEqualTo(10);
                    int refused = refusedBy.values().stream().mapToInt(AtomicInteger::get).sum();
                    assertThat(refused).as("JSON 429s").isEqualTo(ATTEMPTS - 10);
                    assertThat(refusedBy).containsKey("sse_streams_per_reader");
                    assertThat(other.get()).isZero();
                    assertThat(sampler.mostStreams.get()).as("the flooder's 10 and the second reader's 1").isLessThanOrEqualTo(11);
                    assertThat(deliveredMs).as("NEW_CHAPTER to the second reader").isLessThan(withinASecond(quietMs));
                    assertThat(me.status()).isEqualTo(200);
                    assertThat(sampler.rssPeak.get() - rssBefore).as("RSS growth").isLessThan(RSS_GROWTH_LIMIT);
                } finally {
                    for (Socket s : held) s.close();
                }
            }
        }
    }

    @Test
    void withNoPerReaderCapNewStreamsAre503BeforeTheHeapRunsOutAndTheSecondReaderIsServed(Database db) throws Exception {
        FloodClient.Scene scene = FloodClient.scene(db, FLOODER, CALM);
        UUID manga = scene.manga();
        Map<String, String> uncapped = Map.of("MANGAHUB_MAX_SSE_STREAMS_PER_READER", "0",
                "MANGAHUB_READER_REQUESTS_PER_SECOND", "0");
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(23).withWorldSize(3, 10));
             ServiceProcess service = start(sim, FloodClient.profile("small"), uncapped)) {
            int port = port(service);
            List<Socket> held = new ArrayList<>();
            try (Socket calmStream = new Socket("127.0.0.1", port)) {
                assertThat(status(openStream(calmStream, CALM))).isEqualTo(200);
                BlockingQueue<Long> arrivals = listen(calmStream);
                long quietMs = deliveryMs(port, arrivals, manga, 1);
                long heapBefore = FloodClient.heap(metrics(port));
                long rssBefore = FloodClient.rss(service.pid());
                int refused = 0;
                int attempts = 0;
                Socket s = new Socket("127.0.0.1", port);
                // until 200 attempts after the first refusal, or far past what 64 MB could hold
                while (attempts < 15_000 && (refused == 0 || refused < 200)) {
                    attempts++;
                    String answer = openStream(s, FLOODER);
                    if (status(answer) == 200) {
                        held.add(s);
                        s = new Socket("127.0.0.1", port);
                        continue;
                    }
                    assertThat(status(answer)).as(answer).isEqualTo(503);
                    assertThat(answer).contains("Retry-After: ");
                    assertThat(JSON.readTree(body(answer)).path("limit").asText()).isEqualTo("heap_reserve");
                    refused++;
                }
                s.close();
                long heapAfter = FloodClient.heap(metrics(port));
                long triggered = System.nanoTime();
                assertThat(trigger(port, FloodClient.newChapter(manga, 2)).status()).isEqualTo(202);
                Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
                assertThat(arrived).as("NEW_CHAPTER on the second reader's stream").isNotNull();
                String health = service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5));
                System.out.printf("acceptance 2 (small profile: -Xmx64m, no per-reader cap): %,d attempts, %,d streams open, %,d 503s; "
                                + "heap in use %,d -> %,d kB (%,d bytes a stream, garbage included); RSS %,d -> %,d kB; "
                                + "second reader's NEW_CHAPTER after %d ms (%d ms before the flood)%n", attempts,
                        held.size(), refused, heapBefore >> 10, heapAfter >> 10,
                        held.isEmpty() ? 0 : (heapAfter - heapBefore) / held.size(), rssBefore >> 10,
                        FloodClient.rss(service.pid()) >> 10, (arrived - triggered) / 1_000_000, quietMs);
                assertThat(refused).as("refused by memory before the attempts ran out").isEqualTo(200);
                assertThat(held).as("streams admitted before the reserve was reached").hasSizeGreaterThan(100);
                assertThat(health).contains("\"status\":\"UP\"");
                assertThat((arrived - triggered) / 1_000_000).isLessThan(withinASecond(quietMs));
                assertThat(service.process().isAlive()).isTrue();
                assertThat(service.output()).doesNotContain("OutOfMemoryError");
            } finally {
                for (Socket h : held) h.close();
            }
        }
    }

    static ServiceProcess start(Simulator sim, List<String> jvm, Map<String, String> extra) throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> env = ServiceProcess.serveEnv(Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("mangahub-flood-" + UUID.randomUUID()), port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_CHAPTER_INTERVAL", "1m");
        env.put("MALLOC_ARENA_MAX", "2");
        env.putAll(extra);
        ServiceProcess service = ServiceProcess.start(jvm, env, "serve");
        service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
        PORTS.put(service, port);
        return service;
    }

    private static final Map<ServiceProcess, Integer> PORTS = new ConcurrentHashMap<>();

    static int port(ServiceProcess service) {
        return PORTS.get(service);
    }

    static String metrics(int port) throws Exception {
        return RawHttp.raw(port, RawHttp.head("GET", "/metrics", Map.of("Connection", "close"), "")).body();
    }

    static RawHttp.Answer trigger(int port, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = RawHttp.head("POST", "/notify/new-chapter", Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json", "Content-Length", Integer.toString(body.length),
                "Connection", "close"), "");
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return RawHttp.raw(port, all);
    }

    /** Triggers chapter {@code number} and waits for it on the second reader's stream: trigger to arrival. */
    private static long deliveryMs(int port, BlockingQueue<Long> arrivals, UUID manga, int number) throws Exception {
        long triggered = System.nanoTime();
        assertThat(trigger(port, FloodClient.newChapter(manga, number)).status()).isEqualTo(202);
        Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
        assertThat(arrived).as("NEW_CHAPTER " + number + " on the second reader's stream").isNotNull();
        return (arrived - triggered) / 1_000_000;
    }

    /**
     * The bound on the second reader's latency during a flood: 1 s (the goal, met on a quiet machine), or four times
     * the same delivery before the flood when the machine itself is that slow (a loaded CI host), so the test judges
     * what the flood costs the other reader and not the host. Without the caps the other reader was never served.
     */
    static long withinASecond(long quietMs) {
        return Math.max(1_000, 4 * quietMs);
    }

    /** The arrival times (System.nanoTime) of NEW_CHAPTER events on an open stream. */
    private static BlockingQueue<Long> listen(Socket stream) {
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("event: NEW_CHAPTER")) arrivals.add(System.nanoTime());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        return arrivals;
    }

    private static void awaitAttempts(AtomicInteger attempts, int n) throws InterruptedException {
        while (attempts.get() < n) Thread.sleep(20); // polling a counter the flood threads advance
    }

    /** RSS peak, and the most streams the service reported open at once (/metrics), sampled every 100 ms. */
    private static final class Sampler {
        final AtomicLong rssPeak = new AtomicLong();
        final AtomicInteger mostStreams = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final long pid;
        private final int port;
        private Thread thread;

        Sampler(long pid, int port) {
            this.pid = pid;
            this.port = port;
        }

        Sampler start() {
            thread = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        rssPeak.accumulateAndGet(FloodClient.rss(pid), Math::max);
                        int streams = (int) FloodClient.limitMetric(metrics(port), "mangahub_limit_in_use",
                                "sse_streams_per_reader");
                        mostStreams.accumulateAndGet(streams, Math::max);
                        Thread.sleep(100); // a sampling period
                    } catch (Exception e) {
                        if (running.get()) throw new IllegalStateException(e);
                    }
                }
            });
            return this;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
