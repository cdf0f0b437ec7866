package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.zaxxer.hikari.HikariDataSource;
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
 * The whole path through the real parts: a reader follows a series over HTTP, MangaDex (the simulator, over real
 * HTTP) publishes a chapter, the chapter stream finds it, the outbox and dispatcher turn it into exactly one
 * notification in the reader's log, and the back catalogue of the series never notifies.
 */
@ExtendWith(PostgresExtension.class)
class EndToEndTest {
    private static final String ADMIN = "end-to-end-admin-token";

    @TempDir
    Path dataDir;

    @Test
    void aFollowerGetsExactlyOneNotificationForANewChapterAndNoneForTheBackCatalogue(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(7).withWorldSize(40, 800));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "reader");
            UUID series = sim.world().mangaIds().stream().filter(id -> !sim.world().chapterIds(id).isEmpty())
                    .findFirst().orElseThrow();
            assertThat(api.send("PUT", "/api/me/library/" + series, token, "").get("following").asBoolean()).isTrue();

            sim.world().publish(NewChapter.of(series, "en").withChapter("999.5"));

            await().atMost(Duration.ofSeconds(30)).until(() -> notifications(api, token).size() == 1);
            JsonNode only = notifications(api, token).get(0);
            assertThat(only.toString()).contains("NEW_CHAPTER").contains(series.toString()).contains("999.5");
            // later polls overlap the same window: still exactly one, and nothing from the back catalogue
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> notifications(api, token).size() == 1);
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("jvm_memory_used_bytes{area=\"heap\"", "mangadex_sync_active{type=\"chapter_check\"}",
                    "mangadex_api_requests_total", "mangahub_outbox_depth");
        }
    }

    private Config config(Database db, Simulator sim) {
        return inProcessConfig(db, sim, dataDir, ADMIN);
    }

    /** A service in this JVM on the test database, pointed at the simulator, polling chapters every second. */
    static Config inProcessConfig(Database db, Simulator sim, Path dataDir, String admin) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", admin, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", "1s",
                "MANGAHUB_POLL_OVERLAP", "2m"));
    }

    /**
     * Waits for the new-series poll that a service runs as it starts: it asks {@code GET /manga} too, and on a loaded
     * machine can still be under way when a test starts counting its own catalogue requests.
     */
    static void awaitStartupPoll(Database db) {
        await().atMost(Duration.ofSeconds(60)).until(() -> PostgresExtension.count(db,
                "select count(*) from sync_state where workflow = 'new_manga_poll' and cursor is not null") == 1);
    }

    static JsonNode notifications(ServiceApi api, String token) throws Exception {
        return api.send("GET", "/api/me/notifications", token, null).get("notifications");
    }

}
