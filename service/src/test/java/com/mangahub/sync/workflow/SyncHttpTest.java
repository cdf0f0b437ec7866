package com.mangahub.sync.workflow;

import com.mangahub.sync.App;
import com.mangahub.sync.support.SettableClock;
import com.mangahub.sync.time.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.web.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sync HTTP routes over real HTTP: triggers need the admin token, jobs run, the catalogue reads. */
@ExtendWith(PostgresExtension.class)
class SyncHttpTest {
    private static final String TOKEN = "test-admin-token-123456";
    private static final String READER = "a-reader-token-7890";
    private final ObjectMapper json = App.jsonMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SettableClock clock;
    private FakeMangaDex mangadex;
    private SyncService sync;
    private HttpServer server;
    private PrometheusMeterRegistry metrics;

    @BeforeEach
    void start(Database db) {
        clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        mangadex = new FakeMangaDex(clock);
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Config config = Config.from(Map.of("MANGAHUB_IMPORT_ON_START", "false", "MANGAHUB_CHAPTER_INTERVAL", "1h",
                "MANGAHUB_NEW_MANGA_INTERVAL", "1h", "MANGAHUB_RECONCILE_INTERVAL", "1h"));
        sync = new SyncService(db, mangadex, config, clock, metrics, json, Sleeper.SYSTEM);
        server = new HttpServer(json, metrics, sync.healthChecks(), sync.routes(new Secret(TOKEN), new SearchingReaders() {
            @Override
            public java.util.Optional<Long> reader(io.javalin.http.Context ctx) {
                return ("Bearer " + READER).equals(ctx.header("Authorization")) ? java.util.Optional.of(1L)
                        : java.util.Optional.empty();
            }

            @Override
            public <T> T mangaDexWork(long readerId, java.util.function.Supplier<T> work) {
                return work.get();
            }
        }));
        server.start("127.0.0.1", 0);
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (admin) b.header("Authorization", "Bearer " + TOKEN);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> asReader(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + READER).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void triggersWithoutTheAdminTokenAreRefused() throws Exception {
        Manga m = mangadex.addManga("Secret");
        assertThat(send("POST", "/api/manga/" + m.id() + "/sync", null, false).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/jobs", "{\"kind\":\"reconcile\"}", false).statusCode()).isEqualTo(401);
    }

    @Test
    void aManualSyncAnswersWhatItFound() throws Exception {
        Manga m = mangadex.addManga("Manual Over HTTP");
        mangadex.publish(m, "en", "3");
        HttpResponse<String> r = send("POST", "/api/manga/" + m.id() + "/sync", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).get("baseline_taken").asBoolean()).isTrue();
        assertThat(body(r).get("latest_chapter").asText()).isEqualTo("3");
        assertThat(send("POST", "/api/manga/not-a-uuid/sync", null, true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/manga/" + java.util.UUID.randomUUID() + "/sync", null, true).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anImportJobRunsAndItsResultCanBeFetched() throws Exception {
        for (int i = 0; i < 30; i++) mangadex.addManga("Job Series " + i);
        HttpResponse<String> submitted = send("POST", "/api/jobs", "{\"kind\":\"import\",\"params\":{\"limit\":25}}", true);
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = body(submitted).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                body(send("GET", "/api/jobs/" + id, null, false)).get("status").asText().equals("completed"));
        JsonNode result = body(send("GET", "/api/jobs/" + id + "/result", null, false));
        assertThat(result.get("imported").asInt()).isEqualTo(25);
        assertThat(send("POST", "/api/jobs", "{\"kind\":\"nonsense\"}", true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/jobs/" + java.util.UUID.randomUUID(), null, false).statusCode()).isEqualTo(404);
    }

    @Test
    void badJobsAre400sNamingTheField() throws Exception {
        assertField(send("POST", "/api/jobs", "null", true), "body");
        assertField(send("POST", "/api/jobs", "[1]", true), "body");
        assertField(send("POST", "/api/jobs", "{\"kind\":5}", true), "kind");
        assertField(send("POST", "/api/jobs", "{\"kind\":{}}", true), "kind");
        assertField(send("POST", "/api/jobs", "{\"kind\":\"import\",\"params\":null}", true), "params");
        assertField(send("POST", "/api/jobs", "{\"kind\":\"import\",\"params\":{\"limit\":\"5\"}}", true), "limit");
        assertField(send("POST", "/api/jobs", "{\"kind\":\"import\",\"params\":{\"force\":\"yes\"}}", true), "force");
        assertField(send("POST", "/api/jobs", "{\"kind\":\"manga_sync\",\"params\":{\"manga_id\":null}}", true),
                "manga_id");
        assertField(send("POST", "/api/jobs", "{\"kind\":\"im\\u0000port\"}", true), "kind");
        assertField(send("GET", "/api/jobs/not-a-uuid", null, false), "id");
        assertField(send("POST", "/api/manga/not-a-uuid/sync", null, true), "id");
    }

    @Test
    void aWrongTypedCatalogueQueryIsA400NamingTheParameter() throws Exception {
        assertField(send("GET", "/api/manga?page=abc", null, false), "page");
        assertField(send("GET", "/api/manga?size=0", null, false), "size");
        assertField(send("GET", "/api/manga?q=dra%00gon", null, false), "q");
        // Jetty itself refuses a NUL in the path, before any route sees it
        assertThat(send("GET", "/api/manga/x%00y", null, false).statusCode()).isEqualTo(400);
        mangadex.addManga("Dragon");
        sync.importCatalogue(1, false, ImportProgress.NONE);
        assertField(send("GET", "/api/manga/dragon/chapters?limit=ten", null, false), "limit");
        assertField(send("GET", "/api/manga/dragon/chapters?offset=-1", null, false), "offset");
        assertThat(send("GET", "/api/manga?page=&size=%2010", null, false).statusCode()).isEqualTo(200);
    }

    @Test
    void aTitleTheMirrorLacksIsFoundThroughMangaDexStoredAndTheAnswerCached() throws Exception {
        awaitTheNewSeriesPoll();
        Manga far = mangadex.addManga("Frieren Beyond Journey's End");
        mangadex.addManga("Unrelated");
        JsonNode anonymous = body(send("GET", "/api/manga?q=frieren", null, false));
        assertThat(anonymous.path("items")).as("anonymous callers get the mirror only").isEmpty();
        assertThat(anonymous.path("mangadex").path("asked").asBoolean()).isFalse();
        assertThat(mangadex.requests("GET /manga?title")).isZero();

        JsonNode found = body(asReader("/api/manga?q=frieren"));
        assertThat(found.path("items")).singleElement().satisfies(m -> {
            assertThat(m.path("mangadex_id").asText()).isEqualTo(far.id().toString());
            assertThat(m.path("title").asText()).isEqualTo(far.title());
            assertThat(m.path("tracked").asBoolean()).isFalse();
        });
        assertThat(found.path("mangadex").path("asked").asBoolean()).isTrue();
        assertThat(found.path("mangadex").path("found").asInt()).isEqualTo(1);
        assertThat(body(send("GET", "/api/manga?q=frieren", null, false)).path("items"))
                .as("stored in the catalogue: the mirror knows it now").hasSize(1);

        JsonNode again = body(asReader("/api/manga?q=FRIEREN&remote=always"));
        assertThat(again.path("mangadex").path("cached").asBoolean()).isTrue();
        assertThat(mangadex.requests("GET /manga?title")).as("one request for both searches").isEqualTo(1);
        assertThat(body(asReader("/api/manga?q=frieren&remote=never")).path("mangadex").path("asked").asBoolean())
                .isFalse();
    }

    @Test
    void anIdOrATitleAddressFindsThatSeriesAndBadQueriesAre4xxsNamingQ() throws Exception {
        awaitTheNewSeriesPoll();
        Manga m = mangadex.addManga("Pasted");
        JsonNode byAddress = body(asReader("/api/manga?q=" + java.net.URLEncoder.encode("https://mangadex.org/title/"
                + m.id() + "/pasted?tab=chapters", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(byAddress.path("items")).singleElement()
                .satisfies(s -> assertThat(s.path("mangadex_id").asText()).isEqualTo(m.id().toString()));
        assertThat(body(send("GET", "/api/manga?q=" + m.id(), null, false)).path("items")).hasSize(1);

        assertQ(asReader("/api/manga?q=https%3A%2F%2Fmangaplus.shueisha.co.jp%2Ftitles%2F100020"), 400, "another site");
        assertQ(asReader("/api/manga?q=mangadex.org%2Fgroup%2F" + m.id()), 400, "title/{id}");
        assertQ(asReader("/api/manga?q=32d76d19-8a05-4db0-9fc2"), 400, "36 characters");
        assertQ(asReader("/api/manga?q=" + java.util.UUID.randomUUID()), 404, "MangaDex has no series");
        assertQ(asReader("/api/manga?remote=always"), 400, "type a title");
        assertQ(asReader("/api/manga?q=%20&remote=always"), 400, "type a title");
        assertThat(send("GET", "/api/manga?q=x&remote=always", null, false).statusCode()).isEqualTo(401);
        assertField(asReader("/api/manga?q=x&remote=sometimes"), "remote");
        assertField(asReader("/api/manga?content_rating=nsfw"), "content_rating");
        assertThat(mangadex.requests("GET /manga/{id}")).as("only the pasted series and the unknown id").isEqualTo(2);
    }

    @Test
    void openingTheCatalogueShowsWhatReadersFollowThenWhatChangedLast() throws Exception {
        for (int i = 0; i < 5; i++) {
            mangadex.addManga("Series " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        sync.importCatalogue(5, false, ImportProgress.NONE);
        JsonNode first = body(send("GET", "/api/manga", null, false));
        assertThat(first.path("total").asInt()).isEqualTo(5);
        assertThat(first.path("mangadex").path("asked").asBoolean()).isFalse();
        assertThat(first.path("items").get(0).path("title").asText()).as("the newest change first").isEqualTo("Series 4");
    }

    /** The new-series poll has run (its next run is an hour away): a series added now is MangaDex's only. */
    private void awaitTheNewSeriesPoll() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sync.workflows().states.read(NewMangaPoll.WORKFLOW).cursor().isPresent());
    }

    private void assertQ(HttpResponse<String> response, int status, String says) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(body(response).path("field").asText()).isEqualTo("q");
        assertThat(body(response).path("message").asText()).contains(says);
    }

    private void assertField(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(body(response).path("error").asText()).isEqualTo("bad_request");
        assertThat(body(response).path("field").asText()).isEqualTo(field);
    }

    @Test
    void theCatalogueIsPagedSearchableAndFilterable() throws Exception {
        for (int i = 0; i < 30; i++) mangadex.addManga(i % 2 == 0 ? "Dragon " + i : "Flower " + i);
        sync.importCatalogue(30, false, ImportProgress.NONE);
        JsonNode page = body(send("GET", "/api/manga?q=dragon&size=10&page=2&tag=action&status=ongoing", null, false));
        assertThat(page.get("total").asInt()).isEqualTo(15);
        assertThat(page.get("items")).hasSize(5);
        JsonNode first = page.get("items").get(0);
        JsonNode detail = body(send("GET", "/api/manga/" + first.get("slug").asText(), null, false));
        assertThat(detail.get("tags")).hasSize(2);
        assertThat(send("GET", "/api/manga/" + first.get("mangadex_id").asText() + "/chapters", null, false)
                .statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/manga?size=1000", null, false).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/manga/no-such-series", null, false).statusCode()).isEqualTo(404);
    }

    @Test
    void healthShowsEachWorkflowAndMetricsCountRuns() throws Exception {
        sync.importCatalogue(1, false, ImportProgress.NONE);
        JsonNode health = body(send("GET", "/health", null, false));
        assertThat(health.get("components").get("workflow:initial_sync").get("state").asText()).isEqualTo("completed");
        assertThat(health.get("components").has("workflow:chapter_check")).isTrue();
        assertThat(health.get("components").get("quarantine").get("chapters").asLong()).as("no chapter set aside").isZero();
        String scrape = send("GET", "/metrics", null, false).body();
        assertThat(scrape).contains("mangadex_sync_runs_total{type=\"initial_sync\"}",
                "mangadex_sync_duration_seconds_count{type=\"initial_sync\"}", "mangadex_manga_synced_total",
                "mangadex_sync_active{type=\"initial_sync\"} 0.0");
    }
}
