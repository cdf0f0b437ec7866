package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.MihonBackupFile;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: a library is live the moment its import is accepted. Three readers import 2,000 series each, from a JSON
 * file, a Mihon backup and a public MangaDex list; seconds later 20 series spread over the three lists get a new
 * chapter, and each reaches its reader exactly once over the log, SSE and CoAP, while a chapter readable before the
 * import and another group's upload of a number known before it never do. What the imports cost MangaDex is counted:
 * ceil(2,000 / 100) catalogue requests each and one feed request per series that published, never one per series
 * followed.
 */
@ExtendWith(PostgresExtension.class)
class LiveLibraryTest {
    private static final String ADMIN = "live-library-admin-token";
    private static final int LIBRARY = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void threeImportedLibrariesOf2000AreLiveAtOnceAndCostOneFeedRequestPerSeriesThatPublished(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(22).withWorldSize(3 * LIBRARY + 10,
                3 * LIBRARY));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            List<UUID> world = sim.world().mangaIds();
            Map<String, List<UUID>> libraries = new LinkedHashMap<>();
            libraries.put("json", world.subList(0, LIBRARY));
            libraries.put("tachibk", world.subList(LIBRARY, 2 * LIBRARY));
            libraries.put("mdlist", world.subList(2 * LIBRARY, 3 * LIBRARY));
            // before the imports: a chapter readable already (back catalogue), and a number a later re-upload repeats
            UUID quiet = libraries.get("json").get(500);
            UUID reuploaded = libraries.get("tachibk").get(500);
            sim.world().publish(NewChapter.of(quiet, "en").withChapter("900"));
            sim.world().publish(NewChapter.of(reuploaded, "en").withChapter("901"));
            Thread.sleep(1_100); // the imports are accepted a second later: whole seconds decide

            Map<String, String> tokens = new LinkedHashMap<>();
            Map<String, List<String>> sse = new LinkedHashMap<>();
            Map<String, List<String>> coap = new LinkedHashMap<>();
            List<Process> observers = new ArrayList<>();
            for (String format : libraries.keySet()) {
                String token = api.createReader(ADMIN, "reader-" + format);
                tokens.put(format, token);
                sse.put(format, api.openSse(token));
                Process observer = Libcoap.observe("coap://127.0.0.1:" + app.coapPort() + "/notifications?token="
                        + token + "&after=0", 120);
                observers.add(observer);
                coap.put(format, Libcoap.lines(observer.getInputStream()));
            }
            try {
                EndToEndTest.awaitStartupPoll(db);
                SimulatorStats before = sim.stats();
                for (var e : libraries.entrySet()) {
                    JsonNode report = importLibrary(app, tokens.get(e.getKey()), e.getKey(), e.getValue(), sim);
                    assertThat(report.path("format").asText()).isEqualTo(e.getKey());
                    assertThat(report.path("added").asInt()).as(report.toString()).isEqualTo(LIBRARY);
                }
                assertThat(PostgresExtension.count(db, "select count(*) from manga where tracked_since is not null"))
                        .as("tracking starts when the import is accepted").isEqualTo(3 * LIBRARY);
                Thread.sleep(5_000); // several chapter polls pass: nothing followed may be blind meanwhile

                Map<UUID, String> published = new LinkedHashMap<>();
                for (var e : libraries.entrySet()) {
                    int count = e.getKey().equals("mdlist") ? 6 : 7;
                    for (int i = 0; i < count; i++) {
                        UUID series = e.getValue().get(i * (LIBRARY - 1) / (count - 1));
                        published.put(sim.world().publish(NewChapter.of(series, "en").withChapter("1000")), e.getKey());
                    }
                }
                sim.world().publish(NewChapter.of(reuploaded, "en").withChapter("901").byGroups(List.of(UUID.randomUUID())));
                long start = System.nanoTime();

                for (var e : tokens.entrySet()) {
                    long expected = published.values().stream().filter(e.getKey()::equals).count();
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            newChapters(EndToEndTest.notifications(api, e.getValue())).size() >= expected);
                }
                System.out.printf("20 chapters of freshly imported series notified within %d ms of publication "
                        + "(chapter poll every 1 s)%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
                // later polls overlap the same window: still exactly once, and nothing else
                Thread.sleep(3_000);
                for (var e : tokens.entrySet()) {
                    List<String> expected = published.entrySet().stream().filter(p -> p.getValue().equals(e.getKey()))
                            .map(p -> p.getKey().toString()).sorted().toList();
                    JsonNode log = EndToEndTest.notifications(api, e.getValue());
                    List<String> chapters = new ArrayList<>();
                    for (JsonNode n : log) {
                        // a series' first chapter in the reader's language is told as such too (FIRST_CHAPTER)
                        assertThat(n.path("type").asText()).isIn("NEW_CHAPTER", "FIRST_CHAPTER");
                        assertThat(n.path("chapter").asText()).isEqualTo("1000");
                        assertThat(expected).contains(n.path("payload").path("chapter_id").asText());
                    }
                    newChapters(log).forEach(n -> chapters.add(n.path("payload").path("chapter_id").asText()));
                    assertThat(chapters.stream().sorted().toList()).as("the log of " + e.getKey()).isEqualTo(expected);
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                        for (String chapter : expected) {
                            assertThat(sse.get(e.getKey()).stream().filter(l -> l.startsWith("data:")
                                    && l.contains(chapter) && l.contains("NEW_CHAPTER"))).as("SSE of " + e.getKey())
                                    .hasSize(1);
                            assertThat(coap.get(e.getKey()).stream().filter(l -> l.contains(chapter)
                                    && l.contains("NEW_CHAPTER"))).as("CoAP of " + e.getKey()).hasSize(1);
                        }
                    });
                    assertThat(sse.get(e.getKey()).stream().filter(l -> l.startsWith("data:") && l.contains("NEW_CHAPTER")))
                            .hasSize(expected.size());
                }

                SimulatorStats after = sim.stats();
                long catalogue = after.count("GET /manga 200") - before.count("GET /manga 200");
                long feeds = after.count("GET /manga/{id}/feed 200") - before.count("GET /manga/{id}/feed 200");
                System.out.printf("3 imports of %d series: %d catalogue requests (goal 3 x %d), %d feed requests for "
                        + "%d series that published (+2 seen before the import)%n", LIBRARY, catalogue,
                        LIBRARY / 100, feeds, published.size());
                assertThat(catalogue).as("ceil(2,000 / 100) per import").isEqualTo(3 * LIBRARY / 100);
                assertThat(feeds).as("one feed request per series with activity, none per series followed")
                        .isBetween((long) published.size(), (long) published.size() + 2);
                assertThat(PostgresExtension.count(db, "select count(*) from manga where baseline_pending"))
                        .isEqualTo(3 * LIBRARY - published.size() - 2);
            } finally {
                observers.forEach(Process::destroyForcibly);
            }
        }
    }

    private static List<JsonNode> newChapters(JsonNode log) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : log) if (n.path("type").asText().equals("NEW_CHAPTER")) out.add(n);
        return out;
    }

    private static JsonNode importLibrary(App app, String token, String format, List<UUID> series, Simulator sim)
            throws Exception {
        byte[] body = switch (format) {
            case "json" -> series.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"))
                    .getBytes(StandardCharsets.UTF_8);
            case "tachibk" -> {
                MihonBackupFile backup = new MihonBackupFile().source(MihonBackupFile.MANGADEX_EN, "MangaDex");
                for (UUID id : series) {
                    backup.add(new MihonBackupFile.Entry(MihonBackupFile.MANGADEX_EN, "/manga/" + id, "S " + id,
                            true, List.of()));
                }
                yield backup.bytes();
            }
            default -> ("{\"mdlist\":\"https://mangadex.org/list/" + sim.world().putList("all", true, series) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        };
        String type = format.equals("tachibk") ? "application/octet-stream" : "application/json";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.httpPort() + "/api/me/library/import")).header("Content-Type", type)
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

}
