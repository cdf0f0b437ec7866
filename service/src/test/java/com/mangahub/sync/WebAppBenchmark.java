package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web app costs: a cover thumbnail through the proxy the first time (fetched from the image host, the
 * simulator here, and written to disk) against every later time (read from disk), and the time from a trigger to the
 * notification being on the reader's page in a real browser (outbox, fan-out, SSE, render).
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class WebAppBenchmark {
    private static final String ADMIN = "web-bench-admin-token";
    private static final int COVERS = 100;
    private static final int NOTIFICATIONS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void coversFromTheCacheAndNotificationsToThePage(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(11).withWorldSize(COVERS, 200));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            List<String> covers = new ArrayList<>();
            JsonNode items = await().atMost(Duration.ofSeconds(60)).until(() -> api.send("GET", "/api/manga?size=100",
                    ADMIN, null).get("items"), list -> list.size() == COVERS);
            for (JsonNode m : items) {
                if (!m.hasNonNull("cover_url")) continue;
                String file = m.get("cover_url").asText().substring(m.get("cover_url").asText().lastIndexOf('/') + 1);
                covers.add(api.base() + "/covers/" + m.get("mangadex_id").asText() + "/" + file + ".256.jpg");
            }
            HttpClient http = HttpClient.newHttpClient();
            List<Double> cold = timed(http, covers);
            List<Double> warm = timed(http, covers);
            System.out.printf("cover proxy, %d thumbnails (image host: the simulator on loopback): first fetch median %.1f ms, "
                            + "cached median %.2f ms, ratio %.0fx%n", covers.size(), median(cold), median(warm),
                    median(cold) / median(warm));

            String token = api.createReader(ADMIN, "bench-reader");
            String mangaId = items.get(0).get("mangadex_id").asText();
            api.send("PUT", "/api/me/library/" + mangaId, token, null);
            browser.navigate(api.base() + "/");
            browser.type("#token", token);
            browser.click("#connect button[type=submit]");
            await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(browser.text("#live")));
            List<Double> toPage = new ArrayList<>();
            for (int i = 1; i <= NOTIFICATIONS; i++) {
                long start = System.nanoTime();
                api.send("POST", "/notify/new-chapter", ADMIN, JSON.createObjectNode().put("manga_id", mangaId)
                        .put("title", "bench").put("chapter", "b" + i).toString());
                String expected = "Chapter b" + i;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(() ->
                        browser.eval("[...document.querySelectorAll('#notifications .what')].some(e => e.textContent === "
                                + JSON.writeValueAsString(expected) + ")").asBoolean());
                toPage.add((System.nanoTime() - start) / 1e6);
            }
            Collections.sort(toPage);
            System.out.printf("trigger -> notification on the page (SSE, headless Chromium), %d events: median %.0f ms, "
                    + "p95 %.0f ms, max %.0f ms%n", NOTIFICATIONS, median(toPage), toPage.get((int) (toPage.size() * 0.95)),
                    toPage.getLast());
            assertThat(median(warm)).as("a cached cover is faster than a fetched one").isLessThan(median(cold));
        }
    }

    private static List<Double> timed(HttpClient http, List<String> urls) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (String url : urls) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            ms.add((System.nanoTime() - start) / 1e6);
            assertThat(r.statusCode()).as(url).isEqualTo(200);
        }
        Collections.sort(ms);
        return ms;
    }

    private static double median(List<Double> sorted) {
        List<Double> s = new ArrayList<>(sorted);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "true",
                "MANGA_SYNC_INITIAL_COUNT", String.valueOf(COVERS), "MANGAHUB_MANGADEX_URL", sim.baseUri().toString()));
    }
}
