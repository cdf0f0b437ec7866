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
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of issue 28, through the whole service: the simulator's editor turns a followed series to completed;
 * the sync that sees it tells each follower once, with the old and new status, over the REST log, SSE, CoAP
 * (libcoap's own client) and a webhook; a follower who turned {@code status_change} off gets none. The first chapter
 * of the series in a language is a FIRST_CHAPTER of its own beside its NEW_CHAPTER, once.
 */
@ExtendWith(PostgresExtension.class)
class StatusChangeEndToEndTest {
    private static final String ADMIN = "status-e2e-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aSeriesTurnedCompletedIsToldOncePerFollowerOnEveryChannelAndNotToThoseWhoTurnedItOff(Database db)
            throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(28).withWorldSize(20, 200));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            UUID series = sim.world().mangaIds().getFirst();
            sim.world().setStatus(series, "ongoing");
            String alice = api.createReader(ADMIN, "alice");
            String bob = api.createReader(ADMIN, "bob");
            String carol = api.createReader(ADMIN, "carol");
            for (String reader : List.of(alice, bob, carol)) api.send("PUT", "/api/me/library/" + series, reader, "");
            assertThat(api.send("PATCH", "/api/me/preferences", carol, "{\"status_change\":false}")
                    .get("status_change").asBoolean()).isFalse();
            api.send("POST", "/api/me/channels", alice, "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\"}");
            List<String> sse = api.openSse(alice);
            Process coap = Libcoap.observe("coap://127.0.0.1:" + app.coapPort() + "/notifications?token=" + alice
                    + "&after=0", 60);
            try {
                List<String> coapLines = Libcoap.lines(coap.getInputStream());
                await().atMost(Duration.ofSeconds(10)).until(() -> coapLines.contains("[]"));

                assertThat(sim.world().setStatus(series, "completed")).isTrue();
                api.send("POST", "/api/manga/" + series + "/sync", ADMIN, null);
                api.send("POST", "/api/manga/" + series + "/sync", ADMIN, null); // seen again: still one

                for (String reader : List.of(alice, bob)) {
                    JsonNode told = await().atMost(Duration.ofSeconds(20)).until(() -> ofType(api, reader, "STATUS_CHANGE"),
                            n -> !n.isEmpty()).getFirst();
                    assertThat(told.get("old_status").asText()).isEqualTo("ongoing");
                    assertThat(told.get("new_status").asText()).isEqualTo("completed");
                    assertThat(told.get("payload").get("new_status").asText()).isEqualTo("completed");
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(sse.stream().filter(l -> l.startsWith("data:") && l.contains("\"STATUS_CHANGE\"")))
                            .as("SSE").singleElement().satisfies(l -> assertThat(l)
                                    .contains("\"old_status\":\"ongoing\"", "\"new_status\":\"completed\""));
                    assertThat(coapLines.stream().filter(l -> l.contains("\"STATUS_CHANGE\"")).distinct())
                            .as("CoAP").singleElement().satisfies(l -> assertThat(l)
                                    .contains("\"old_status\":\"ongoing\"", "\"new_status\":\"completed\""));
                    assertThat(hooks.stream().filter(h -> h.contains("notification.status_change")))
                            .as("webhook").singleElement().satisfies(h -> {
                                JsonNode data = JSON.readTree(h).get("data");
                                assertThat(data.get("old_status").asText()).isEqualTo("ongoing");
                                assertThat(data.get("new_status").asText()).isEqualTo("completed");
                            });
                });
                // carol still hears of chapters and metadata, only not of the status change she turned off
                assertThat(ofType(api, carol, "MANGA_UPDATE")).isNotEmpty();
                assertThat(ofType(api, carol, "STATUS_CHANGE")).isEmpty();
                assertThat(ofType(api, alice, "STATUS_CHANGE")).hasSize(1);
                assertThat(PostgresExtension.count(db, "select count(*) from notifications where type = 'STATUS_CHANGE'"))
                        .isEqualTo(2);

                // a chapter in a language the series never had: a FIRST_CHAPTER beside the NEW_CHAPTER, once
                api.send("PATCH", "/api/me/preferences", bob, "{\"languages\":[\"en\",\"eo\"]}");
                sim.world().publish(NewChapter.of(series, "eo").withChapter("1"));
                sim.world().publish(NewChapter.of(series, "eo").withChapter("2"));
                JsonNode first = await().atMost(Duration.ofSeconds(30)).until(() -> ofType(api, bob, "FIRST_CHAPTER"),
                        n -> !n.isEmpty()).getFirst();
                assertThat(first.get("chapter").asText()).isEqualTo("1");
                await().atMost(Duration.ofSeconds(30)).until(() -> ofType(api, bob, "NEW_CHAPTER").size() == 2);
                assertThat(ofType(api, bob, "FIRST_CHAPTER")).hasSize(1);
                assertThat(ofType(api, alice, "FIRST_CHAPTER")).as("alice does not read Esperanto").isEmpty();
            } finally {
                coap.destroyForcibly();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static List<JsonNode> ofType(ServiceApi api, String token, String type) throws Exception {
        return StreamSupport.stream(EndToEndTest.notifications(api, token).spliterator(), false)
                .filter(n -> n.path("type").asText().equals(type)).toList();
    }

    private Config config(Database db, Simulator sim) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        return Config.from(Map.ofEntries(Map.entry("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername()),
                Map.entry("MANGAHUB_DATA_DIR", dataDir.toString()), Map.entry("MANGAHUB_HTTP_PORT", "0"),
                Map.entry("MANGAHUB_COAP_PORT", "0"), Map.entry("MANGAHUB_ADMIN_TOKEN", ADMIN),
                Map.entry("MANGAHUB_IMPORT_ON_START", "false"), Map.entry("MANGAHUB_MANGADEX_URL", sim.baseUri().toString()),
                Map.entry("MANGAHUB_CHAPTER_INTERVAL", "1s"), Map.entry("MANGAHUB_POLL_OVERLAP", "2m"),
                Map.entry("MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1"), Map.entry("MANGAHUB_LANGUAGES", "en,eo")));
    }
}
