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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Telegram, Pushover and Apprise: each request checked against a local server answering as the real API does,
 * error bodies included. Telegram's 429 waits exactly retry_after; answers that cannot heal pause the channel with
 * the service's own reason and nothing goes out again until a test resumes it.
 */
@ExtendWith(PostgresExtension.class)
class HostedChannelsTest {
    private static final ObjectMapper JSON = App.jsonMapper();
    static final String BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String APP = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    static final String USER = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
    static final String TELEGRAM_OK = "{\"ok\":true,\"result\":{\"message_id\":1,\"chat\":{\"id\":-1001,\"type\":\"channel\"}}}";
    static final String PUSHOVER_OK = "{\"status\":1,\"request\":\"647d2300-702c-4b38-8b2f-d56326ae460b\"}";

    private static ChannelRig rig(Receiver api, Optional<URI> publicUrl) {
        URI base = URI.create(api.url(""));
        return new ChannelRig(List.of("127.0.0.1"), DeliveryPolicy.defaults(), publicUrl, Optional.empty(),
                new ServiceApis(base, base));
    }

    static Receiver.Reply json(int status, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "content-type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Receiver.Reply.of(status, body, all);
    }

    @Test
    void telegramGetsAnHtmlMessageWithAReadButtonAndTheTokenIsNeverShown() throws Exception {
        try (Receiver api = new Receiver(r -> json(200, TELEGRAM_OK)); ChannelRig rig = rig(api, Optional.empty())) {
            var reader = rig.follower("aki");
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + BOT
                    + "\",\"chat_id\":-1001234567890}");
            assertThat(channel.toString()).doesNotContain(BOT).doesNotContain("AAHdq");
            assertThat(channel.get("target").asText()).isEqualTo("telegram chat -1001234567890");
            UUID chapterId = UUID.randomUUID();
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "42", chapterId, "Love & <Hate>");
            assertThat(rig.deliver()).isEqualTo(1);

            Receiver.Request got = api.requests().getFirst();
            assertThat(got.path()).isEqualTo("/bot" + BOT + "/sendMessage");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("chat_id").asText()).isEqualTo("-1001234567890");
            assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
            assertThat(body.get("text").asText()).isEqualTo("<b>Love &amp; &lt;Hate&gt;</b> · chapter 42\nen");
            assertThat(body.get("link_preview_options").get("is_disabled").asBoolean()).isTrue();
            JsonNode button = body.get("reply_markup").get("inline_keyboard").get(0).get(0);
            assertThat(button.get("text").asText()).isEqualTo("Read");
            assertThat(button.get("url").asText()).isEqualTo("https://mangadex.org/chapter/" + chapterId);
            assertThat(rig.call("GET", "/api/me/channels", reader.token(), null).body()).doesNotContain(BOT);
        }
    }

    @Test
    void telegramSendsTheCoverThroughSendPhotoWithTitleGroupAndLanguageInTheCaptionWhenThePublicUrlIsSet() throws Exception {
        try (Receiver api = new Receiver(r -> json(200, TELEGRAM_OK));
             ChannelRig rig = rig(api, Optional.of(URI.create("https://manga.example.org")))) {
            var reader = rig.follower("bea");
            UUID chapterId = ChannelKindsTest.detailedChapter(rig, reader);
            rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + BOT + "\",\"chat_id\":\"@manga_news\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "42", chapterId);
            assertThat(rig.deliver()).isEqualTo(1);
            Receiver.Request got = api.requests().getFirst();
            assertThat(got.path()).isEqualTo("/bot" + BOT + "/sendPhoto");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("photo").asText())
                    .isEqualTo("https://manga.example.org/covers/" + reader.mangaDexId() + "/cover-file.jpg.256.jpg");
            assertThat(body.get("caption").asText()).isEqualTo("<b>Frieren</b> · chapter 42\n<i>Departure</i>\nTeam Aura · en");
            assertThat(body.get("chat_id").asText()).isEqualTo("@manga_news");
        }
    }

    @Test
    void aTelegram429IsWaitedOutExactlyAsLongAsItsRetryAfterSays() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Receiver api = new Receiver(r -> calls.incrementAndGet() == 1
                ? json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\","
                        + "\"parameters\":{\"retry_after\":7}}")
                : json(200, TELEGRAM_OK)); ChannelRig rig = rig(api, Optional.empty())) {
            var reader = rig.follower("cho");
            rig.addChannel(reader.token(), "{\"kind\":\"telegram\",\"token\":\"" + BOT + "\",\"chat_id\":\"42\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            assertThat(rig.deliver()).isEqualTo(1);
            rig.clock.advance(Duration.ofMillis(6999));
            assertThat(rig.deliver()).as("1 ms before retry_after").isZero();
            rig.clock.advance(Duration.ofMillis(1));
            assertThat(rig.deliver()).as("exactly at retry_after").isEqualTo(1);
            assertThat(api.requests()).hasSize(2);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(1);
        }
    }

    @Test
    void aTelegramBotBlockedOrChatNotFoundPausesTheChannelWithTheReasonUntilATestResumesIt() throws Exception {
        pausesUntilResumed("{\"kind\":\"telegram\",\"token\":\"" + BOT + "\",\"chat_id\":\"42\"}",
                json(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}"),
                json(200, TELEGRAM_OK), "Telegram: Forbidden: bot was blocked by the user");
        pausesUntilResumed("{\"kind\":\"telegram\",\"token\":\"" + BOT + "\",\"chat_id\":\"43\"}",
                json(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"),
                json(200, TELEGRAM_OK), "Telegram: Bad Request: chat not found");
    }

    @Test
    void pushoverGetsTitleMessageUrlAndPriorityAndAnInvalidUserKeyPausesWithoutARetry() throws Exception {
        pausesUntilResumed("{\"kind\":\"pushover\",\"token\":\"" + APP + "\",\"user\":\"" + USER + "\",\"priority\":1}",
                json(400, "{\"user\":\"invalid\",\"errors\":[\"user identifier is not a valid user, group, or subscribed "
                        + "user key\"],\"status\":0,\"request\":\"5042853c-402d-4a18-abcb-168734a801de\"}"),
                json(200, PUSHOVER_OK), "Pushover: user identifier is not a valid user, group, or subscribed user key");
        try (Receiver api = new Receiver(r -> json(200, PUSHOVER_OK)); ChannelRig rig = rig(api, Optional.empty())) {
            var reader = rig.follower("dai");
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"pushover\",\"token\":\"" + APP + "\",\"user\":\""
                    + USER + "\",\"priority\":1}");
            assertThat(channel.toString()).doesNotContain(APP).doesNotContain(USER);
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "5");
            assertThat(rig.deliver()).isEqualTo(1);
            Receiver.Request got = api.requests().getFirst();
            assertThat(got.path()).isEqualTo("/1/messages.json");
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("token").asText()).isEqualTo(APP);
            assertThat(body.get("user").asText()).isEqualTo(USER);
            assertThat(body.get("title").asText()).isEqualTo("Frieren: chapter 5");
            assertThat(body.get("message").asText()).isEqualTo("Ch. 5 · en");
            assertThat(body.get("url").asText()).startsWith("https://mangadex.org/chapter/");
            assertThat(body.get("url_title").asText()).isEqualTo("Read chapter");
            assertThat(body.get("priority").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aPushover5xxIsRetriedNoSoonerThanFiveSecondsAndAUsedUpQuotaHoldsUntilItsReset() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long reset = ChannelRig.START.getEpochSecond() + 3600;
        try (Receiver api = new Receiver(r -> switch (calls.incrementAndGet()) {
            case 1 -> Receiver.Reply.of(503, "<html>Service Unavailable</html>", "content-type", "text/html");
            case 2 -> json(429, "{\"errors\":[\"application has exceeded its monthly message limit\"],\"status\":0,"
                    + "\"request\":\"x\"}", "x-limit-app-limit", "10000", "x-limit-app-remaining", "0",
                    "x-limit-app-reset", Long.toString(reset));
            default -> json(200, PUSHOVER_OK);
        }); ChannelRig rig = rig(api, Optional.empty())) {
            var reader = rig.follower("eri");
            rig.addChannel(reader.token(), "{\"kind\":\"pushover\",\"token\":\"" + APP + "\",\"user\":\"" + USER + "\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            assertThat(rig.deliver()).isEqualTo(1);
            rig.clock.advance(Duration.ofMillis(4999));
            assertThat(rig.deliver()).as("before 5 s").isZero();
            rig.clock.advance(Duration.ofMillis(1));
            assertThat(rig.deliver()).as("at 5 s").isEqualTo(1);
            rig.clock.advance(Duration.ofSeconds(3600 - 5).minusMillis(1));
            assertThat(rig.deliver()).as("the quota holds until X-Limit-App-Reset").isZero();
            rig.clock.advance(Duration.ofMillis(1));
            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(api.requests()).hasSize(3);
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("paused").asBoolean()).isFalse();
        }
    }

    @Test
    void appriseStatelessGetsTheReadersUrlsAndStatefulItsKeyAnd424CountsAsAFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Receiver apprise = new Receiver(r -> r.path().startsWith("/notify/") || calls.incrementAndGet() > 1
                ? json(200, "")
                : json(424, "{\"error\":\"One or more notification could not be sent.\"}"));
             ChannelRig rig = rig(apprise, Optional.empty())) {
            var reader = rig.follower("fuu");
            JsonNode stateless = rig.addChannel(reader.token(), "{\"kind\":\"apprise\",\"url\":\"" + apprise.url("/apprise")
                    + "\",\"urls\":\"tgram://bottoken/ChatID, mailto://user:pass@example.org\"}");
            JsonNode stateful = rig.addChannel(reader.token(), "{\"kind\":\"apprise\",\"url\":\"" + apprise.url("/")
                    + "\",\"key\":\"my-config\"}");
            assertThat(stateless.toString() + stateful).doesNotContain("bottoken").doesNotContain("my-config");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "3");
            assertThat(rig.deliver()).isEqualTo(2);
            Receiver.Request first = apprise.requests().stream().filter(r -> r.path().equals("/apprise/notify")).findFirst().orElseThrow();
            JsonNode body = JSON.readTree(first.body());
            assertThat(body.get("urls").asText()).isEqualTo("tgram://bottoken/ChatID, mailto://user:pass@example.org");
            assertThat(body.get("title").asText()).isEqualTo("Frieren: chapter 3");
            assertThat(body.get("body").asText()).startsWith("Ch. 3 · en\nhttps://mangadex.org/chapter/");
            assertThat(body.get("type").asText()).isEqualTo("info");
            assertThat(body.get("format").asText()).isEqualTo("text");
            Receiver.Request keyed = apprise.requests().stream().filter(r -> r.path().equals("/notify/my-config")).findFirst().orElseThrow();
            assertThat(JSON.readTree(keyed.body()).has("urls")).isFalse();
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("total_failures").asInt()).as("424: a failure").isEqualTo(1);
            assertThat(listed.get("paused").asBoolean()).isFalse();
            rig.clock.advance(Duration.ofMinutes(1));
            assertThat(rig.deliver()).as("retried").isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(2);
        }
    }

    @Test
    void anApprise204PausesTheChannel() throws Exception {
        pausesUntilResumed("{\"kind\":\"apprise\",\"url\":\"http://127.0.0.1:1/\",\"key\":\"k\"}", json(204, ""),
                json(200, ""), "Apprise: no configuration or no valid Apprise URLs for this channel (HTTP 204)");
    }

    /**
     * The first answer pauses the channel with {@code reason}; later chapters and later rounds send nothing; a test
     * answered {@code healed} resumes it and everything owed goes out once.
     */
    private static void pausesUntilResumed(String channelJson, Receiver.Reply refusal, Receiver.Reply healed, String reason)
            throws Exception {
        AtomicInteger answered = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Function<Receiver.Request, Receiver.Reply>> script =
                new java.util.concurrent.atomic.AtomicReference<>(r -> refusal);
        try (Receiver api = new Receiver(r -> {
            answered.incrementAndGet();
            return script.get().apply(r);
        }); ChannelRig rig = rig(api, Optional.empty())) {
            var reader = rig.follower("pau" + UUID.randomUUID().toString().substring(0, 8));
            String body = channelJson.replace("http://127.0.0.1:1/", api.url("/"));
            rig.addChannel(reader.token(), body);
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            assertThat(rig.deliver()).isEqualTo(1);
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("paused").asBoolean()).isTrue();
            assertThat(listed.get("paused_reason").asText()).isEqualTo(reason);

            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "2");
            rig.clock.advance(Duration.ofHours(2));
            assertThat(rig.deliver()).as("paused: nothing is sent again").isZero();
            assertThat(answered.get()).isEqualTo(1);

            script.set(r -> healed);
            var test = rig.call("POST", "/api/me/channels/" + listed.get("id").asText() + "/test", reader.token(), null);
            assertThat(test.statusCode()).isEqualTo(200);
            assertThat(rig.json(test).get("resumed").asBoolean()).isTrue();
            assertThat(rig.deliver()).as("both owed chapters, once each").isEqualTo(2);
            assertThat(rig.deliver()).isZero();
            assertThat(answered.get()).isEqualTo(4);
        }
    }
}
