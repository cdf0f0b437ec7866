package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the web app added, against the whole service and the simulator: the cover proxy (a catalogued series'
 * own cover only, fetched once then served from disk), the operator's status (admin only), the catalogue's
 * content-rating filter, and the details a notification carries for the page (chapter title, groups, cover).
 */
@ExtendWith(PostgresExtension.class)
class CoverProxyAndStatusTest {
    private static final String ADMIN = "cover-status-admin-token";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void theCoverProxyServesOnlyAStoredCoverAndServesItFromDiskOnceFetched(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(21).withWorldSize(10, 40));
             App app = App.start(config(sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            JsonNode series = firstWithCover(api);
            String mangaId = series.get("mangadex_id").asText();
            String file = series.get("cover_url").asText().substring(series.get("cover_url").asText().lastIndexOf('/') + 1);
            assertThat(series.get("cover_url").asText()).as("stored as MangaDex's cover URL, never shown as it is")
                    .isEqualTo("https://uploads.mangadex.org/covers/" + mangaId + "/" + file);

            HttpResponse<byte[]> first = get(api.base() + "/covers/" + mangaId + "/" + file + ".256.jpg");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=604800");
            assertThat(first.body()[0] & 0xff).isEqualTo(0xff);
            Path cached = dataDir.resolve("covers").resolve(mangaId).resolve(file + ".256.jpg");
            assertThat(cached).hasBinaryContent(first.body());
            // a changed file on disk is what the next answer carries: it is served from the cache, not fetched again
            byte[] marked = first.body().clone();
            marked[marked.length - 1] ^= 1;
            Files.write(cached, marked);
            assertThat(get(api.base() + "/covers/" + mangaId + "/" + file + ".256.jpg").body()).isEqualTo(marked);

            assertError(get(api.base() + "/covers/" + mangaId + "/other.jpg.256.jpg"), 404, null);
            assertError(get(api.base() + "/covers/" + UUID.randomUUID() + "/" + file + ".256.jpg"), 404, null);
            assertError(get(api.base() + "/covers/not-a-uuid/" + file + ".256.jpg"), 400, "manga_id");
            assertError(get(api.base() + "/covers/" + mangaId + "/" + file), 400, "file");
            assertError(get(api.base() + "/covers/" + mangaId + "/" + file + ".512.jpg"), 400, "file");
        }
    }

    @Test
    void theStatusIsForTheAdminOnlyAndReportsEverySection(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(22).withWorldSize(10, 40));
             App app = App.start(config(sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String reader = api.createReader(ADMIN, "not-an-admin");
            assertError(send("GET", api.base() + "/api/admin/status", null), 401, null);
            assertError(send("GET", api.base() + "/api/admin/status", reader), 401, null);

            await().atMost(PATIENCE).until(() -> PostgresExtension.count(db,
                    "select count(*) from sync_state where workflow = 'initial_sync' and status = 'completed'") == 1);
            JsonNode status = api.send("GET", "/api/admin/status", ADMIN, null);
            assertThat(status.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("workflows", "mangadex", "outbox", "delivery_failures", "push");
            assertThat(status.get("workflows")).extracting(w -> w.get("workflow").asText())
                    .contains("initial_sync", "new_manga_poll", "chapter_check", "reconcile");
            assertThat(status.get("mangadex").get("breaker").asText()).isEqualTo("CLOSED");
            assertThat(status.get("mangadex").get("gate_open").asBoolean()).isTrue();
            assertThat(status.get("outbox").get("depth").asLong()).isGreaterThanOrEqualTo(0);

            // a 429 seen anywhere closes the shared gate: the status says until when and why
            db.inTransaction(h -> h.createUpdate("update mangadex_budget_gate set closed_until = now() + interval '5 minutes', "
                    + "reason = '429 from MangaDex'").execute());
            db.inTransaction(h -> h.createUpdate("insert into outbox (type, payload, status, attempts, last_error) "
                    + "values ('NEW_MANGA', '{}', 'dead', 10, 'receiver exploded')").execute());
            status = api.send("GET", "/api/admin/status", ADMIN, null);
            assertThat(status.get("mangadex").get("gate_open").asBoolean()).isFalse();
            assertThat(status.get("mangadex").get("gate_reason").asText()).isEqualTo("429 from MangaDex");
            assertThat(status.get("outbox").get("dead").asLong()).isEqualTo(1);
            assertThat(status.get("delivery_failures").get("outbox").get(0).get("last_error").asText())
                    .isEqualTo("receiver exploded");
        }
    }

    @Test
    void theCatalogueFiltersByContentRatingAndANotificationCarriesItsChapterTitleGroupsAndCover(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(23).withWorldSize(30, 200));
             App app = App.start(config(sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            JsonNode all = await().atMost(PATIENCE).until(() -> api.send("GET", "/api/manga?size=100", ADMIN, null),
                    page -> page.get("total").asInt() == 30);
            for (String rating : new String[] {"safe", "suggestive", "erotica", "pornographic"}) {
                JsonNode page = api.send("GET", "/api/manga?size=100&content_rating=" + rating, ADMIN, null);
                long expected = 0;
                for (JsonNode m : all.get("items")) if (rating.equals(m.path("content_rating").asText())) expected++;
                assertThat(page.get("total").asLong()).as(rating).isEqualTo(expected);
                assertThat(page.get("items")).allMatch(m -> m.get("content_rating").asText().equals(rating));
            }
            assertError(send("GET", api.base() + "/api/manga?content_rating=nsfw", null), 400, "content_rating");

            String token = api.createReader(ADMIN, "detail-reader");
            JsonNode series = firstWithCover(api);
            String mangaId = series.get("mangadex_id").asText();
            api.send("PUT", "/api/me/library/" + mangaId, token, null);
            sim.world().publish(NewChapter.of(UUID.fromString(mangaId), "en").withChapter("77").withVolume("9"));
            JsonNode n = await().atMost(PATIENCE).until(() -> api.send("GET", "/api/me/notifications", token, null)
                    .get("notifications"), list -> !list.isEmpty()).get(0);
            JsonNode chapter = null;
            for (JsonNode c : api.send("GET", "/api/manga/" + mangaId + "/chapters?limit=500", token, null)) {
                if (c.get("chapter_id").asText().equals(n.get("chapter_id").asText())) chapter = c;
            }
            assertThat(chapter).as("the announced chapter is stored").isNotNull();
            assertThat(n.get("chapter_title")).isEqualTo(chapter.get("title"));
            assertThat(n.get("volume").asText()).isEqualTo("9");
            assertThat(n.get("groups").isArray()).isTrue();
            assertThat(n.get("cover_url").asText()).isEqualTo(series.get("cover_url").asText());
            assertThat(api.send("GET", "/api/me/library", token, null).get("library").get(0).get("cover_url").asText())
                    .isEqualTo(series.get("cover_url").asText());
        }
    }

    private void assertError(HttpResponse<byte[]> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.hasNonNull("error")).as("an error in our shape: %s", body).isTrue();
        assertThat(body.hasNonNull("message")).isTrue();
        if (field != null) assertThat(body.get("field").asText()).isEqualTo(field);
    }

    private JsonNode firstWithCover(ServiceApi api) throws Exception {
        JsonNode items = await().atMost(PATIENCE).until(() -> api.send("GET", "/api/manga?size=100", ADMIN, null)
                .get("items"), list -> !list.isEmpty());
        for (JsonNode item : items) if (item.hasNonNull("cover_url")) return item;
        throw new AssertionError("no series with a cover");
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return send("GET", url, null);
    }

    private HttpResponse<byte[]> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "true",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", "1s",
                "MANGAHUB_POLL_OVERLAP", "2m"));
    }
}
