package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.support.PostgresExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Discord, ntfy and Gotify receive the requests their documentation describes (a local server stands in for each),
 * and a Discord 429 is waited out exactly as long as its retry_after says, on the injected clock.
 */
@ExtendWith(PostgresExtension.class)
class ChannelKindsTest {
    private static final ObjectMapper JSON = App.jsonMapper();
    private static final Optional<URI> PUBLIC = Optional.of(URI.create("https://manga.example.org/"));

    @Test
    void discordGetsAnEmbedWithTitleChapterGroupLanguageCoverThumbnailAndTheChapterLink() throws Exception {
        try (ChannelRig rig = new ChannelRig(List.of("127.0.0.1"), DeliveryPolicy.defaults(), PUBLIC);
             Receiver discord = Receiver.accepting()) {
            var reader = rig.follower("emi");
            UUID chapterId = detailedChapter(rig, reader);
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"discord\",\"url\":\""
                    + discord.url("/api/webhooks/123456/s3cr3t-token") + "\"}");
            assertThat(channel.get("target").asText()).endsWith("/api/webhooks/123456/***");
            assertThat(channel.has("secret")).isFalse();

            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "42", chapterId);
            assertThat(rig.deliver()).isEqualTo(1);

            Receiver.Request got = discord.requests().getFirst();
            assertThat(got.method()).isEqualTo("POST");
            assertThat(got.path()).isEqualTo("/api/webhooks/123456/s3cr3t-token");
            assertThat(got.header("content-type")).isEqualTo("application/json");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("allowed_mentions").get("parse")).isEmpty();
            JsonNode embed = body.get("embeds").get(0);
            assertThat(embed.get("title").asText()).isEqualTo("Frieren: chapter 42");
            assertThat(embed.get("url").asText()).isEqualTo("https://mangadex.org/chapter/" + chapterId);
            assertThat(embed.get("description").asText()).isEqualTo("Vol. 5, Ch. 42 “Departure” · Team Aura · en");
            assertThat(embed.get("thumbnail").get("url").asText())
                    .isEqualTo("https://manga.example.org/covers/" + reader.mangaDexId() + "/cover-file.jpg.256.jpg");
            assertThat(embed.get("fields").findValuesAsText("name")).containsExactly("Chapter", "Group", "Language");
            assertThat(embed.get("fields").findValuesAsText("value")).containsExactly("42", "Team Aura", "en");
        }
    }

    @Test
    void aDiscord429IsWaitedOutExactlyAsLongAsItsRetryAfterSays() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ChannelRig rig = new ChannelRig();
             Receiver discord = new Receiver(r -> calls.incrementAndGet() == 1
                     ? Receiver.Reply.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":2.5,\"global\":false}",
                             "content-type", "application/json", "retry-after", "3")
                     : Receiver.Reply.of(204, "", "x-ratelimit-remaining", "0", "x-ratelimit-reset-after", "1.25"))) {
            var reader = rig.follower("fumi");
            rig.addChannel(reader.token(), "{\"kind\":\"discord\",\"url\":\"" + discord.url("/api/webhooks/1/t") + "\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "2");
            assertThat(rig.worker.runOnce()).isEqualTo(2);
            org.awaitility.Awaitility.await().until(() -> rig.worker.inFlight() == 0);
            int answeredFirst = discord.requests().size();

            rig.clock.advance(Duration.ofMillis(2499));
            assertThat(rig.deliver()).as("1 ms before retry_after").isZero();
            rig.clock.advance(Duration.ofMillis(1));
            assertThat(rig.deliver()).as("exactly at retry_after").isEqualTo(1);
            // a 429 is the receiver slowing us down, not failing: no attempt used, no failure counted
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("total_failures").asInt()).isZero();
            assertThat(answeredFirst).isEqualTo(2);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(2);
            // that success said the bucket is empty for the next 1.25 s (X-RateLimit-Remaining 0): a new chapter waits
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "3");
            rig.clock.advance(Duration.ofMillis(1249));
            assertThat(rig.deliver()).isZero();
            rig.clock.advance(Duration.ofMillis(1));
            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(3);
        }
    }

    @Test
    void ntfyGetsAJsonPublishWithTopicTitleMessageClickTagsPriorityAndTheAccessToken() throws Exception {
        try (ChannelRig rig = new ChannelRig(); Receiver ntfy = Receiver.accepting()) {
            var reader = rig.follower("gin");
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"ntfy\",\"url\":\"" + ntfy.url("/my-manga")
                    + "\",\"token\":\"tk_secretvalue\",\"priority\":4}");
            assertThat(channel.toString()).doesNotContain("tk_secretvalue");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "7");
            assertThat(rig.deliver()).isEqualTo(1);

            Receiver.Request got = ntfy.requests().getFirst();
            assertThat(got.path()).isEqualTo("/");
            assertThat(got.header("authorization")).isEqualTo("Bearer tk_secretvalue");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("topic").asText()).isEqualTo("my-manga");
            assertThat(body.get("title").asText()).isEqualTo("Frieren: chapter 7");
            assertThat(body.get("message").asText()).isEqualTo("Ch. 7 · en");
            assertThat(body.get("click").asText()).startsWith("https://mangadex.org/chapter/");
            assertThat(body.get("tags").toString()).isEqualTo("[\"books\",\"new_chapter\"]");
            assertThat(body.get("priority").asInt()).isEqualTo(4);
        }
    }

    @Test
    void gotifyGetsAMessageWithTheAppTokenTitlePriorityAndTheClickUrlInItsExtras() throws Exception {
        try (ChannelRig rig = new ChannelRig(); Receiver gotify = Receiver.accepting()) {
            var reader = rig.follower("hana");
            var missingToken = rig.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"gotify\",\"url\":\"" + gotify.url("/") + "\"}");
            assertThat(missingToken.statusCode()).isEqualTo(400);
            assertThat(rig.json(missingToken).get("field").asText()).isEqualTo("token");
            rig.addChannel(reader.token(), "{\"kind\":\"gotify\",\"url\":\"" + gotify.url("/gotify/") + "\",\"token\":\"AppTok.123\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "9");
            assertThat(rig.deliver()).isEqualTo(1);

            Receiver.Request got = gotify.requests().getFirst();
            assertThat(got.path()).isEqualTo("/gotify/message");
            assertThat(got.header("x-gotify-key")).isEqualTo("AppTok.123");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("title").asText()).isEqualTo("Frieren: chapter 9");
            assertThat(body.get("message").asText()).isEqualTo("Ch. 9 · en");
            assertThat(body.get("priority").asInt()).isEqualTo(5);
            assertThat(body.get("extras").get("client::notification").get("click").get("url").asText())
                    .startsWith("https://mangadex.org/chapter/");
        }
    }

    /** A stored chapter with volume, title and a credited group, and a cover on its series. */
    static UUID detailedChapter(ChannelRig rig, ChannelRig.Follower reader) {
        UUID chapterId = UUID.randomUUID();
        rig.stack.db.inTransaction(h -> {
            h.createUpdate("update manga set cover_url = :cover where id = :id")
                    .bind("cover", "https://uploads.mangadex.org/covers/" + reader.mangaDexId() + "/cover-file.jpg")
                    .bind("id", reader.mangaId()).execute();
            return h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, chapter, volume, title, "
                            + "groups, readable_at) values (:cid, :mid, 'en', '42', '5', 'Departure', "
                            + "cast(:groups as jsonb), now())")
                    .bind("cid", chapterId)
                    .bind("mid", reader.mangaId())
                    .bind("groups", "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Team Aura\"}]")
                    .execute();
        });
        return chapterId;
    }
}
