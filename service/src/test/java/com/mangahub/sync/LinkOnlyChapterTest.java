package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a link-only chapter (an official publisher's: external URL, no pages, publishAt years ahead, readable
 * since its creation) reaches a follower once, over REST, SSE and CoAP (libcoap's own client), with what a client
 * needs to open it; one readable before the reader followed its series is back catalogue and never notifies.
 */
@ExtendWith(PostgresExtension.class)
class LinkOnlyChapterTest {
    private static final String ADMIN = "link-only-admin-token";
    private static final String URL = "https://mangaplus.shueisha.co.jp/viewer/1017000";

    @TempDir
    Path dataDir;

    @Test
    void aLinkOnlyChapterNotifiesOnceEverywhereAndOneFromBeforeTheFollowNever(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(7).withWorldSize(40, 800));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "reader");
            List<UUID> withChapters = sim.world().mangaIds().stream()
                    .filter(id -> !sim.world().chapterIds(id).isEmpty()).limit(2).toList();
            UUID followed = withChapters.get(0);
            UUID followedLater = withChapters.get(1);
            // back catalogue: readable (link-only) before the reader follows its series
            sim.world().publish(NewChapter.of(followedLater, "en").withChapter("700").asLinkOnly(URL + "0"));
            follow(api, token, followed);
            follow(api, token, followedLater);

            List<String> sse = api.openSse(token);
            Process coap = Libcoap.observe("coap://127.0.0.1:" + app.coapPort() + "/notifications?token=" + token
                    + "&after=0", 60);
            try {
                List<String> coapLines = Libcoap.lines(coap.getInputStream());
                await().atMost(Duration.ofSeconds(10)).until(() -> coapLines.contains("[]"));

                long published = System.nanoTime();
                UUID chapter = sim.world().publish(NewChapter.of(followed, "en").withChapter("701").asLinkOnly(URL));
                await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.notifications(api, token).size() == 1);
                System.out.printf("link-only chapter notified %d ms after it was published (chapter poll every 1 s)%n",
                        Duration.ofNanos(System.nanoTime() - published).toMillis());

                JsonNode rest = EndToEndTest.notifications(api, token).get(0);
                assertThat(rest.path("type").asText()).isEqualTo("NEW_CHAPTER");
                assertThat(rest.path("chapter").asText()).isEqualTo("701");
                assertThat(rest.path("payload").path("chapter_id").asText()).isEqualTo(chapter.toString());
                assertThat(rest.path("payload").path("external_url").asText()).isEqualTo(URL);
                String link = "\"chapter_id\":\"" + chapter + "\"";
                String external = "\"external_url\":\"" + URL + "\"";
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(sse.stream().filter(l -> l.startsWith("data:") && l.contains("NEW_CHAPTER")).toList())
                            .singleElement().asString().contains(link, external, "\"chapter\":\"701\"");
                    assertThat(coapLines.stream().filter(l -> l.contains("NEW_CHAPTER")).toList())
                            .singleElement().asString().contains(link, external);
                });
                // later polls overlap the same window and the sweep reads the feeds: still exactly one
                String job = api.send("POST", "/api/jobs", ADMIN, "{\"kind\":\"reconcile\"}").path("id").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> api.send("GET", "/api/jobs/" + job, null, null)
                        .path("status").asText().equals("completed"));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> EndToEndTest.notifications(api, token).size() == 1);
                assertThat(PostgresExtension.count(db, "select count(*) from chapters where release_pending")).isZero();
            } finally {
                coap.destroyForcibly();
            }
        }
    }

    private static void follow(ServiceApi api, String token, UUID series) throws Exception {
        assertThat(api.send("PUT", "/api/me/library/" + series, token, "").get("following").asBoolean()).isTrue();
    }

}
