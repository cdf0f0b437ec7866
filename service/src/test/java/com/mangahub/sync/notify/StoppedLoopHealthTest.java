package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.time.Sleeper;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, acceptance 4 (second half): an Error thrown in a background loop (the test's own loop, as the hook) makes
 * /health DOWN naming it. In the packaged service the crash-only handler then ends the process; this JVM has none, so
 * /health is what is left to say it.
 */
@ExtendWith(PostgresExtension.class)
class StoppedLoopHealthTest {
    @TempDir
    Path dataDir;

    @Test
    void anErrorInABackgroundLoopMakesHealthDownNamingTheLoop(Database db) throws Exception {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        Config config = Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_IMPORT_ON_START", "false", "MANGAHUB_MANGADEX_URL", "http://127.0.0.1:9",
                "MANGAHUB_ROLES", "notify,api"));
        try (App app = App.start(config, Clock.systemUTC())) {
            assertThat(health(app).path("components").path("background_loops").path("status").asText()).isEqualTo("UP");
            Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
            PeriodicLoop failing = new PeriodicLoop("test-failing-loop", Duration.ofMillis(10), Sleeper.SYSTEM, () -> {
                Thread.currentThread().setUncaughtExceptionHandler(quiet);
                throw new StackOverflowError("test hook: a loop's Error");
            });
            try {
                failing.start();
                await().atMost(Duration.ofSeconds(5)).until(() -> failing.stoppedBy().isPresent());
                JsonNode body = health(app);
                JsonNode loops = body.path("components").path("background_loops");
                assertThat(body.path("status").asText()).isEqualTo("DOWN");
                assertThat(loops.path("status").asText()).isEqualTo("DOWN");
                assertThat(loops.path("stopped").path("test-failing-loop").asText()).contains("StackOverflowError");
            } finally {
                failing.close();
            }
            assertThat(health(app).path("components").path("background_loops").path("status").asText())
                    .as("a loop stopped on purpose is no longer counted").isEqualTo("UP");
        }
    }

    private static JsonNode health(App app) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }
}
