package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a notification takes to cross instances: a trigger accepted by instance A, its reader's SSE stream open
 * on instance B. A's dispatcher and B's feed are woken by PostgreSQL NOTIFY (migration V7_2); by polling alone the
 * path would take up to 1.5 s (A's 500 ms outbox poll, then B's 1 s feed poll).
 * Run: ./mvnw -B -Pbenchmark test -Dtest=CrossInstanceLatencyBenchmark
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class CrossInstanceLatencyBenchmark {
    private static final String ADMIN = "latency-benchmark-admin";
    private static final int TRIGGERS = 40;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aTriggerOnOneInstanceReachesAStreamOnTheOther(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(9).withWorldSize(20, 100));
             App a = App.start(config(sim, "a", true), Clock.systemUTC());
             App b = App.start(config(sim, "b", false), Clock.systemUTC())) {
            ServiceApi apiA = new ServiceApi(a.httpPort());
            String token = apiA.createReader(ADMIN, "reader");
            JsonNode series = await().atMost(Duration.ofSeconds(30)).until(
                    () -> apiA.send("GET", "/api/manga?size=1", token, null).get("items"), i -> !i.isEmpty()).get(0);
            String mangaId = series.get("mangadex_id").asText();
            apiA.send("PUT", "/api/me/library/" + mangaId, token, "");

            BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + b.httpPort() + "/api/me/notifications/stream")).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        seen.add(line);
                        if (line.startsWith("data:")) arrivals.add(System.nanoTime());
                    }
                } catch (java.io.IOException closedAtTheEnd) {
                    // the stream is closed when the run ends
                }
            });
            Thread.sleep(500);

            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < TRIGGERS; i++) {
                long sent = System.nanoTime();
                apiA.send("POST", "/notify/new-chapter", ADMIN, json.createObjectNode().put("manga_id", mangaId)
                        .put("title", "Latency").put("chapter", Integer.toString(500 + i)).toString());
                Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
                assertThat(arrived).as("event %d reached instance B; the log holds %s", i,
                        apiA.send("GET", "/api/me/notifications", token, null) + " lines " + seen).isNotNull();
                millis.add((arrived - sent) / 1e6);
            }
            stream.body().close();
            List<Double> sorted = millis.stream().sorted().toList();
            System.out.printf("cross-instance trigger -> SSE on the other instance, %d events: median %.0f ms, "
                    + "p95 %.0f ms, max %.0f ms (polling alone: up to 1,500 ms)%n", TRIGGERS,
                    sorted.get(TRIGGERS / 2), sorted.get(TRIGGERS * 95 / 100), sorted.getLast());
            assertThat(arrivals.poll(2, TimeUnit.SECONDS)).as("nothing twice").isNull();
        }
    }

    private Config config(Simulator sim, String name, boolean importOnStart) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.resolve(name).toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", Boolean.toString(importOnStart),
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString()));
    }
}
