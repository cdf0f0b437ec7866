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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the whole service: chapters the reader's controls silence (a group never, an uploader never, a
 * late chapter below the reader's progress) are stored and reach no channel; the others reach the REST log, SSE and
 * CoAP (libcoap's own client) alike.
 */
@ExtendWith(PostgresExtension.class)
class ControlsEndToEndTest {
    private static final String ADMIN = "controls-e2e-admin-token";
    private static final Pattern CHAPTER = Pattern.compile("\"type\":\"NEW_CHAPTER\".*?\"chapter\":\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    @Test
    void whatTheControlsSilenceReachesNoChannelAndTheChannelsAgreeOnTheRest(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(13).withWorldSize(20, 300));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "reader");
            UUID series = sim.world().mangaIds().stream().filter(id -> !sim.world().chapterIds(id).isEmpty())
                    .findFirst().orElseThrow();
            assertThat(api.send("PUT", "/api/me/library/" + series, token, "").get("following").asBoolean()).isTrue();
            UUID avoided = UUID.randomUUID();
            UUID liked = UUID.randomUUID();
            UUID troll = UUID.randomUUID();

            List<String> sse = api.openSse(token);
            Process coap = Libcoap.observe("coap://127.0.0.1:" + app.coapPort() + "/notifications?token=" + token
                    + "&after=0", 90);
            try {
                List<String> coapLines = Libcoap.lines(coap.getInputStream());
                await().atMost(Duration.ofSeconds(10)).until(() -> coapLines.contains("[]"));
                // a chapter of each group first: a reader names only groups the service has seen
                sim.world().publish(NewChapter.of(series, "en").withChapter("900").byGroups(List.of(avoided)));
                sim.world().publish(NewChapter.of(series, "en").withChapter("901").byGroups(List.of(liked)));
                await().atMost(Duration.ofSeconds(30)).until(() -> restChapters(api, token).size() == 2);

                api.send("PATCH", "/api/me/library/" + series, token, "{\"groups_never\":[\"" + avoided
                        + "\"],\"uploaders_never\":[\"https://mangadex.org/user/" + troll + "/troll\"]}");
                JsonNode progress = api.send("PUT", "/api/me/library/" + series + "/progress", token, "{\"chapter\":\"950\"}");
                assertThat(progress.path("progress").path("chapter").asText()).isEqualTo("950");

                sim.world().publish(NewChapter.of(series, "en").withChapter("951").byGroups(List.of(avoided)));
                sim.world().publish(NewChapter.of(series, "en").withChapter("940").byGroups(List.of(liked)));
                sim.world().publish(NewChapter.of(series, "en").withChapter("952").byGroups(List.of(liked)).byUploader(troll));
                sim.world().publish(NewChapter.of(series, "en").withChapter("953").byGroups(List.of(liked)));
                await().atMost(Duration.ofSeconds(30)).until(() -> restChapters(api, token).contains("953"));
                // the silenced ones were stored (and judged) before 953: the stream reads in order of publication
                assertThat(PostgresExtension.count(db, "select count(*) from chapters where chapter in ('940', '951', '952')"))
                        .isEqualTo(3);

                List<String> expected = List.of("900", "901", "953");
                assertThat(restChapters(api, token)).containsExactlyElementsOf(expected);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(pushedChapters(sse.stream().filter(l -> l.startsWith("data:")).toList()))
                            .as("SSE").containsExactlyElementsOf(expected);
                    assertThat(pushedChapters(coapLines)).as("CoAP").containsExactlyElementsOf(expected);
                });
            } finally {
                coap.destroyForcibly();
            }
        }
    }

    private static List<String> restChapters(ServiceApi api, String token) throws Exception {
        return StreamSupport.stream(EndToEndTest.notifications(api, token).spliterator(), false)
                .filter(n -> n.path("type").asText().equals("NEW_CHAPTER")).map(n -> n.path("chapter").asText()).toList();
    }

    /** The chapter numbers of the NEW_CHAPTER notifications in pushed lines (each line one notification or a batch). */
    private static List<String> pushedChapters(List<String> lines) {
        return lines.stream().flatMap(l -> {
            Matcher m = CHAPTER.matcher(l);
            List<String> found = new java.util.ArrayList<>();
            while (m.find()) found.add(m.group(1));
            return found.stream();
        }).distinct().toList();
    }

}
