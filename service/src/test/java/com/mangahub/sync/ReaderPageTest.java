package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.HeadlessChromium;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's web page in a real browser (headless Chromium) against the whole service and the simulator: sign in
 * with a token, find a series in the catalogue and follow it, see a new chapter arrive live, mark it read. A title
 * that looks like HTML stays text.
 */
@ExtendWith(PostgresExtension.class)
class ReaderPageTest {
    private static final String ADMIN = "reader-page-admin-token";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aReaderFollowsASeriesAndSeesItsNewChapterLiveInTheBrowser(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(30, 300));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "web-reader");
            JsonNode series = firstImported(api, token);
            String title = series.get("title").asText();
            UUID mangaId = UUID.fromString(series.get("mangadexId").asText());

            browser.navigate(api.base() + "/");
            await().atMost(PATIENCE).until(() -> "service UP".equals(browser.text("#service")));
            browser.type("#token", token);
            browser.click("#connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> "signed in as web-reader".equals(browser.text("#who")));
            await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
            assertThat(browser.eval("document.getElementById('token').hidden").asBoolean()).as("no token field once in")
                    .isTrue();

            browser.type("#q", title);
            browser.click("#search button[type=submit]");
            String result = "#results li[data-manga-id='" + mangaId + "']";
            await().atMost(PATIENCE).until(() -> browser.text(result) != null);
            browser.click(result + " button");
            await().atMost(PATIENCE).until(() -> browser.text("#library li[data-manga-id='" + mangaId + "']") != null);
            assertThat(browser.text(result + " button")).as("the result shows it is followed now").isEqualTo("Following");
            assertThat(api.send("GET", "/api/me/library", token, null).get("library").get(0).get("manga_id").asText())
                    .isEqualTo(mangaId.toString());

            sim.world().publish(NewChapter.of(mangaId, "en").withChapter("321.5"));
            await().atMost(PATIENCE).until(() -> {
                String shown = browser.text("#notifications li.unread");
                return shown != null && shown.contains("Chapter 321.5") && shown.contains(title);
            });
            assertThat(browser.text("#unread")).isEqualTo("1 unread");
            browser.click("#notifications li.unread button");
            await().atMost(PATIENCE).until(() -> browser.text("#notifications li.unread") == null);
            assertThat(browser.text("#unread")).isEmpty();
            JsonNode stored = api.send("GET", "/api/me/notifications", token, null).get("notifications");
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).get("read_at").isNull()).as("marked read on the server").isFalse();
        }
    }

    @Test
    void aTitleThatLooksLikeHtmlIsShownAsTextAndThePageAllowsOnlyItsOwnScripts(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(6).withWorldSize(5, 20));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "careful-reader");
            String hostile = "<img src=x onerror=\"document.title='owned'\"><b>Bold</b>";
            JsonNode known = firstImported(api, token);
            api.send("POST", "/notify/new-manga", ADMIN, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("manga_id", known.get("mangadexId").asText()).put("title", hostile).toString());

            browser.navigate(api.base() + "/");
            browser.type("#token", token);
            browser.click("#connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#notifications li .title") != null);
            assertThat(browser.text("#notifications li .title")).isEqualTo(hostile);
            assertThat(browser.eval("document.querySelectorAll('#notifications img, #notifications b').length").asInt())
                    .isZero();
            assertThat(browser.eval("document.title").asText()).isEqualTo("MangaHub Sync");

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>MangaHub Sync</title>");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").contains("default-src 'none'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    /** The first series of the catalogue once the import on start has stored one. */
    private static JsonNode firstImported(ServiceApi api, String token) {
        return await().atMost(PATIENCE).until(() -> api.send("GET", "/api/manga?size=1", token, null).get("items"),
                items -> !items.isEmpty()).get(0);
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "true",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", "1s",
                "MANGAHUB_POLL_OVERLAP", "2m"));
    }

}
