package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.support.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Routing per series, batching windows and quiet hours, counted at local stand-ins for Telegram, Pushover and an
 * Apprise server on a settable clock.
 */
@ExtendWith(PostgresExtension.class)
class FloodControlTest {
    private static final ObjectMapper JSON = App.jsonMapper();

    private static ChannelRig rig(Receiver api) {
        URI base = URI.create(api.url(""));
        return new ChannelRig(List.of("127.0.0.1"), DeliveryPolicy.defaults(), Optional.empty(), Optional.empty(),
                new ServiceApis(base, base));
    }

    private static Receiver services() throws Exception {
        return new Receiver(r -> r.path().contains("/bot") ? HostedChannelsTest.json(200, HostedChannelsTest.TELEGRAM_OK)
                : r.path().startsWith("/1/") ? HostedChannelsTest.json(200, HostedChannelsTest.PUSHOVER_OK)
                : HostedChannelsTest.json(200, ""));
    }

    /** A series the reader follows; returns {local id, MangaDex id}. */
    private static Object[] series(ChannelRig rig, long userId, String title) {
        UUID id = UUID.randomUUID();
        long local = rig.stack.insertManga(id, title);
        rig.stack.follow(userId, local);
        return new Object[] {local, id};
    }

    private static int chapter(ChannelRig rig, Object[] series, String title, String number) {
        return rig.newChapter((long) series[0], (UUID) series[1], number, UUID.randomUUID(), title);
    }

    @Test
    void threeSeriesAndThreeChannelsWithDifferentRulesEachReceiverGetsExactlyWhatItsRulesSay() throws Exception {
        try (Receiver api = services(); ChannelRig rig = rig(api)) {
            var reader = rig.follower("rio");
            String telegram = rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + HostedChannelsTest.BOT
                    + "\",\"chat_id\":\"7\",\"by_default\":false}").get("id").asText();
            String pushover = rig.addChannel(reader.token(), "{\"kind\":\"pushover\",\"token\":\"" + HostedChannelsTest.APP
                    + "\",\"user\":\"" + HostedChannelsTest.USER + "\"}").get("id").asText();
            String apprise = rig.addChannel(reader.token(), "{\"kind\":\"apprise\",\"url\":\"" + api.url("/apprise")
                    + "\",\"urls\":\"json://example.org\"}").get("id").asText();
            Object[] favourite = series(rig, reader.userId(), "Favourite");
            Object[] muted = series(rig, reader.userId(), "Muted");
            Object[] rest = {reader.mangaId(), reader.mangaDexId()};
            // favourite: Telegram and Apprise; muted: no channel at all; the rest: the default (Pushover, Apprise)
            var put = rig.call("PUT", "/api/me/library/" + favourite[1] + "/channels", reader.token(),
                    "{\"channel_ids\":[" + telegram + "," + apprise + "]}");
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(rig.json(put).get("default").asBoolean()).isFalse();
            assertThat(rig.call("PUT", "/api/me/library/" + muted[1] + "/channels", reader.token(),
                    "{\"channel_ids\":[]}").statusCode()).isEqualTo(200);
            JsonNode restRoute = rig.json(rig.call("GET", "/api/me/library/" + rest[1] + "/channels", reader.token(), null));
            assertThat(restRoute.get("default").asBoolean()).isTrue();
            assertThat(restRoute.get("channel_ids").toString()).isEqualTo("[" + pushover + "," + apprise + "]");
            var foreign = rig.call("PUT", "/api/me/library/" + rest[1] + "/channels", reader.token(), "{\"channel_ids\":[999999]}");
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(rig.json(foreign).get("field").asText()).isEqualTo("channel_ids");

            for (int n = 1; n <= 2; n++) {
                chapter(rig, favourite, "Favourite", "f" + n);
                chapter(rig, muted, "Muted", "m" + n);
                chapter(rig, rest, "Rest", "r" + n);
            }
            assertThat(rig.stack.count("select count(*) from notifications")).as("the log has all six").isEqualTo(6);
            while (rig.deliver() > 0) {
                // until nothing is owed
            }
            List<String> toTelegram = titles(api, "/bot"), toPushover = titles(api, "/1/"), toApprise = titles(api, "/apprise");
            assertThat(toTelegram).containsExactlyInAnyOrder("Favourite f1", "Favourite f2");
            assertThat(toPushover).containsExactlyInAnyOrder("Rest r1", "Rest r2");
            assertThat(toApprise).containsExactlyInAnyOrder("Favourite f1", "Favourite f2", "Rest r1", "Rest r2");
            // back to the default: the favourite now goes where the default goes
            assertThat(rig.call("DELETE", "/api/me/library/" + favourite[1] + "/channels", reader.token(), null).statusCode())
                    .isEqualTo(204);
            chapter(rig, favourite, "Favourite", "f3");
            rig.deliver();
            assertThat(titles(api, "/bot")).hasSize(2);
            assertThat(titles(api, "/1/")).contains("Favourite f3");
        }
    }

    /** "Title n" of each request whose path contains {@code path}, from whichever field the kind carries it in. */
    private static List<String> titles(Receiver api, String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : api.requests()) {
            if (!r.path().contains(path)) continue;
            JsonNode body = JSON.readTree(r.body());
            String text = body.has("text") ? body.get("text").asText().replaceAll("<[^>]+>", "").split("\n")[0]
                    : body.get("title").asText();
            out.add(text.replace(" · chapter ", " ").replace(": chapter ", " "));
        }
        return out;
    }

    @Test
    void fiftyChaptersWithinFiveMinutesToATenMinuteWindowGoAsExactlyOneMessageNamingAllFifty() throws Exception {
        try (Receiver api = services(); ChannelRig rig = rig(api)) {
            var reader = rig.follower("bao");
            rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + HostedChannelsTest.BOT
                    + "\",\"chat_id\":\"7\",\"window_minutes\":10}");
            List<Object[]> all = new ArrayList<>();
            all.add(new Object[] {reader.mangaId(), reader.mangaDexId()});
            for (int s = 1; s < 7; s++) all.add(series(rig, reader.userId(), "Series " + s));
            Instant first = rig.clock.instant();
            for (int n = 1; n <= 50; n++) {
                Object[] s = all.get(n % 7);
                chapter(rig, s, s[0].equals(reader.mangaId()) ? "Series 0" : "Series " + (n % 7), Integer.toString(n));
                assertThat(rig.deliver()).as("inside the window").isZero();
                rig.clock.advance(Duration.ofSeconds(6)); // 50 chapters over 5 minutes
            }
            rig.clock.set(first.plus(Duration.ofMinutes(10)).minusMillis(1));
            assertThat(rig.deliver()).isZero();
            assertThat(api.requests()).isEmpty();
            rig.clock.set(first.plus(Duration.ofMinutes(10)));
            assertThat(rig.deliver()).as("the window's end: one message").isEqualTo(1);
            assertThat(rig.deliver()).isZero();
            rig.clock.advance(Duration.ofHours(1));
            assertThat(rig.deliver()).isZero();

            assertThat(api.requests()).hasSize(1);
            String text = JSON.readTree(api.requests().getFirst().body()).get("text").asText();
            assertThat(text).startsWith("<b>50 new chapters in 7 series</b>");
            for (int n = 1; n <= 50; n++) assertThat(text).containsPattern("[ ,]" + n + "(,|\n|$)");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(50);
        }
    }

    @Test
    void aWorkerKilledDuringTheWindowLosesNothingAndNothingIsSentTwice() throws Exception {
        try (Receiver api = services(); ChannelRig rig = rig(api)) {
            var reader = rig.follower("kai");
            rig.addChannel(reader.token(), "{\"kind\":\"pushover\",\"token\":\"" + HostedChannelsTest.APP + "\",\"user\":\""
                    + HostedChannelsTest.USER + "\",\"window_minutes\":10}");
            Instant first = rig.clock.instant();
            for (int n = 1; n <= 50; n++) {
                chapter(rig, new Object[] {reader.mangaId(), reader.mangaDexId()}, "Frieren", Integer.toString(n));
                rig.clock.advance(Duration.ofSeconds(6));
            }
            // a worker that claimed the ended window and was killed (kill -9) before sending: its lease holds the rows
            rig.clock.set(first.plus(Duration.ofMinutes(10)));
            List<?> abandoned = rig.deliveries.claimBatches("killed-worker", rig.clock.instant(), DeliveryPolicy.defaults().lease(), 50);
            assertThat(abandoned).hasSize(50);
            assertThat(rig.deliver()).as("leased by the dead worker").isZero();
            rig.clock.advance(DeliveryPolicy.defaults().lease());
            assertThat(rig.deliver()).as("its lease over: the whole window, once").isEqualTo(1);
            assertThat(rig.deliver()).isZero();
            assertThat(api.requests()).hasSize(1);
            JsonNode body = JSON.readTree(api.requests().getFirst().body());
            assertThat(body.get("title").asText()).isEqualTo("50 new chapters in 1 series");
            assertThat(body.get("message").asText()).startsWith("Frieren: 1, 2, 3").contains(", 50");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(50);
        }
    }

    @Test
    void aChapterInTheReadersQuietHoursReachesTheirChannelsOnceJustAfterTheyEndWhileLogAndSseGetItAtOnce() throws Exception {
        try (Receiver api = services(); ChannelRig rig = rig(api)) {
            var reader = rig.follower("yui");
            rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + HostedChannelsTest.BOT + "\",\"chat_id\":\"9\"}");
            var quiet = rig.call("PUT", "/api/me/quiet-hours", reader.token(),
                    "{\"start\":\"22:00\",\"end\":\"07:00\",\"time_zone\":\"Asia/Tokyo\"}");
            assertThat(quiet.statusCode()).isEqualTo(200);
            assertThat(rig.json(quiet).get("time_zone").asText()).isEqualTo("Asia/Tokyo");
            var badZone = rig.call("PUT", "/api/me/quiet-hours", reader.token(),
                    "{\"start\":\"22:00\",\"end\":\"07:00\",\"time_zone\":\"+02:00\"}");
            assertThat(rig.json(badZone).get("field").asText()).isEqualTo("time_zone");
            List<String> sse = new CopyOnWriteArrayList<>();
            openStream(rig, reader.token(), sse);

            // 23:30 in Tokyo (UTC+9); quiet until 07:00 there, 22:00 UTC
            rig.clock.set(Instant.parse("2026-03-01T14:30:00Z"));
            chapter(rig, new Object[] {reader.mangaId(), reader.mangaDexId()}, "Frieren", "77");
            assertThat(rig.stack.count("select count(*) from notifications")).as("the log at once").isEqualTo(1);
            rig.stack.feed.runOnce(); // the feed that pushes the log's new rows to SSE and CoAP, one round
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> sse.stream().anyMatch(l -> l.startsWith("event:") && l.contains("NEW_CHAPTER")));
            assertThat(rig.deliver()).isZero();
            rig.clock.set(Instant.parse("2026-03-01T21:59:59.999Z"));
            assertThat(rig.deliver()).as("a moment before 07:00 in Tokyo").isZero();
            rig.clock.set(Instant.parse("2026-03-01T22:00:00Z"));
            assertThat(rig.deliver()).as("07:00 in Tokyo").isEqualTo(1);
            rig.clock.advance(Duration.ofHours(3));
            assertThat(rig.deliver()).isZero();
            assertThat(api.requests()).hasSize(1);

            // outside quiet hours (08:00 in Tokyo) a chapter goes at once
            rig.clock.set(Instant.parse("2026-03-01T23:00:00Z"));
            chapter(rig, new Object[] {reader.mangaId(), reader.mangaDexId()}, "Frieren", "78");
            assertThat(rig.deliver()).isEqualTo(1);
        }
    }

    private static void openStream(ChannelRig rig, String token, List<String> lines) throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + rig.stack.http.port() + "/api/me/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException closed) {
                // the rig closed
            }
        });
    }
}
