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
        server = new HttpServer(json, metrics, sync.healthChecks(), sync.routes(new Secret(TOKEN)));
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
