package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.RawHttp;
import com.mangahub.sync.support.RawHttp.Answer;
import com.mangahub.sync.support.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, acceptance 1: the packaged service with {@code -Xmx64m} gets 20 chunked bodies of 50 MB on each JSON
 * route (the operations of its own {@code /openapi.json} that take a JSON body), 4 at a time. Each is a JSON 413
 * naming the field the cut fell in; the process's RSS ({@code /proc/PID/status}) and heap in use ({@code /metrics})
 * grow by less than 64 MB at their peak, sampled all along; and the service is healthy and serves a normal request
 * afterwards. The bodies are streamed from a generator and stop the moment the answer arrives.
 */
class HugeBodiesIT {
    private static final String ADMIN = "huge-bodies-admin-token-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BODY = 50L << 20;
    private static final int PER_ROUTE = 20;
    private static final long LIMIT = 64L << 20;
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    @Test
    void twentyChunkedFiftyMegabyteBodiesPerJsonRouteFourAtATimeAreJson413sWithinSixtyFourMegabytes() throws Exception {
        int port = ServiceProcess.freePort();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(15).withWorldSize(3, 10));
             ServiceProcess service = ServiceProcess.start(List.of("-Xmx64m"), env(port, sim), "serve")) {
            service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            List<String> routes = jsonRoutes(port);
            assertThat(routes).as("JSON routes of /openapi.json").hasSizeGreaterThanOrEqualTo(5);
            // a reader's routes check the reader's token before they read a body: give them one
            Answer reader = post(port, "/api/users", "{\"name\":\"flood-reader\"}");
            String readerToken = JSON.readTree(reader.body()).path("token").asText();
            Map<String, String> tokens = Map.of("/api/me/", readerToken);
            for (String route : routes) assertHuge413(port, route, tokens); // warm-up: classes loaded, JIT under way

            long rssBefore = rss(service.pid());
            long heapBefore = heap(port);
            AtomicLong rssPeak = new AtomicLong(rssBefore);
            AtomicLong heapPeak = new AtomicLong(heapBefore);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (sampling.get()) {
                    try {
                        rssPeak.accumulateAndGet(rss(service.pid()), Math::max);
                        heapPeak.accumulateAndGet(heap(port), Math::max);
                        Thread.sleep(50); // a sampling period, not a wait for something to happen
                    } catch (Exception e) {
                        if (sampling.get()) throw new IllegalStateException(e);
                    }
                }
            });
            long started = System.nanoTime();
            List<Future<Answer>> answers = new ArrayList<>();
            try (ExecutorService four = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < PER_ROUTE; i++) {
                    for (String route : routes) answers.add(four.submit(() -> assertHuge413(port, route, tokens)));
                }
                for (Future<Answer> a : answers) a.get();
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            sampling.set(false);
            sampler.join();
            long sentTotal = 0;
            for (Future<Answer> a : answers) sentTotal += a.get().bodyBytesSent();

            System.out.printf("%d chunked bodies of 50 MB (%d routes x %d, 4 in parallel) in %,d ms; %,d MB sent before "
                            + "the answers; RSS %,d -> peak %,d kB (+%,d kB); heap in use %,d -> peak %,d kB (+%,d kB)%n",
                    answers.size(), routes.size(), PER_ROUTE, took, sentTotal >> 20, rssBefore >> 10, rssPeak.get() >> 10,
                    (rssPeak.get() - rssBefore) >> 10, heapBefore >> 10, heapPeak.get() >> 10, (heapPeak.get() - heapBefore) >> 10);
            assertThat(answers).hasSize(PER_ROUTE * routes.size());
            assertThat(rssPeak.get() - rssBefore).as("RSS growth").isLessThan(LIMIT);
            assertThat(heapPeak.get() - heapBefore).as("heap growth").isLessThan(LIMIT);
            assertThat(sentTotal).as("no body was sent whole").isLessThan(answers.size() * BODY);

            // the library import takes files up to the server's own cap (8 MB): a 50 MB one is refused there, as it streams
            Answer file = RawHttp.chunked(port, "POST", "/api/me/library/import", Map.of("Authorization",
                    "Bearer " + readerToken, "Content-Type", "text/csv"), new byte[0], (byte) 'x', BODY);
            assertThat(file.status()).as(file.body()).isEqualTo(413);
            assertThat(JSON.readTree(file.body()).path("error").asText()).isEqualTo("payload_too_large");
            assertThat(service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5)))
                    .contains("\"status\":\"UP\"");
            Answer created = post(port, "/api/users", "{\"name\":\"after-the-flood\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(service.output()).doesNotContain("OutOfMemoryError");
            assertThat(service.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private static Answer assertHuge413(int port, String route, Map<String, String> tokens) throws Exception {
        String token = tokens.entrySet().stream().filter(t -> route.startsWith(t.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(ADMIN);
        Answer answer = RawHttp.chunked(port, "POST", route, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"), "{\"title\":\"".getBytes(StandardCharsets.US_ASCII), (byte) 'x', BODY);
        assertThat(answer.status()).as("%s: %s", route, answer.body()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("error").asText()).isEqualTo("payload_too_large");
        assertThat(body.path("field").asText()).isEqualTo("title");
        return answer;
    }

    /**
     * The operations of the served document whose request body is JSON only (a library import takes files of several
     * formats under the server's larger cap: not a JSON route).
     */
    private static List<String> jsonRoutes(int port) throws Exception {
        JsonNode doc = JSON.readTree(RawHttp.raw(port, RawHttp.head("GET", "/openapi.json", Map.of(), "")).body());
        List<String> routes = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode content = op.getValue().path("requestBody").path("content");
            boolean json = content.has("application/json") && content.size() == 1;
            if (json && op.getKey().equals("post") && !path.getKey().contains("{")) routes.add(path.getKey());
        }));
        return routes;
    }

    private static Answer post(int port, String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = RawHttp.head("POST", path, Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json", "Content-Length", Integer.toString(bytes.length)), "");
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return RawHttp.raw(port, all);
    }

    /** Resident set size in bytes, from the kernel. */
    private static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** Heap in use, summed over the pools, as the service's own /metrics says. */
    private static long heap(int port) throws Exception {
        String metrics = RawHttp.raw(port, RawHttp.head("GET", "/metrics", Map.of("Connection", "close"), "")).body();
        Matcher m = HEAP.matcher(metrics);
        double sum = 0;
        while (m.find()) sum += Double.parseDouble(m.group(1));
        if (sum == 0) throw new IllegalStateException("no heap figures in /metrics");
        return (long) sum;
    }

    private Map<String, String> env(int port, Simulator sim) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir, port, ADMIN, sim.baseUri());
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_CHAPTER_INTERVAL", "1m");
        // one reader sends a hundred 50 MB bodies, four at a time: this tests the body cap, not the request rate
        env.put("MANGAHUB_READER_REQUESTS_PER_SECOND", "0");
        return env;
    }
}
