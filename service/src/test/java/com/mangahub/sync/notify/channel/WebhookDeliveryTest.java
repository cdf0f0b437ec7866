package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.support.NpmTools;
import com.mangahub.sync.support.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class WebhookDeliveryTest {
    private static final ObjectMapper JSON = App.jsonMapper();

    @Test
    void aNewChapterReachesTheWebhookSignedSoTheReferenceLibraryVerifiesItAndRefusesItOneByteChanged() throws Exception {
        try (ChannelRig rig = new ChannelRig(); Receiver receiver = Receiver.accepting()) {
            rig.clock.set(java.time.Instant.now()); // the reference library refuses timestamps five minutes off
            var reader = rig.follower("ayaka");
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"webhook\",\"url\":\"" + receiver.url("/hook") + "\"}");
            String secret = channel.get("secret").asText();
            assertThat(secret).startsWith("whsec_");

            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "12");
            assertThat(rig.deliver()).isEqualTo(1);

            Receiver.Request got = receiver.requests().getFirst();
            assertThat(got.header("webhook-id")).matches("msg_[0-9]+_" + channel.get("id").asLong());
            assertThat(got.header("webhook-timestamp")).isEqualTo(Long.toString(rig.clock.instant().getEpochSecond()));
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("type").asText()).isEqualTo("notification.new_chapter");
            assertThat(body.get("data").get("chapter").asText()).isEqualTo("12");
            assertThat(body.get("data").get("url").asText()).startsWith("https://mangadex.org/chapter/");

            assertThat(verify(secret, got, got.body())).isEqualTo("verified");
            byte[] changed = got.body().getBytes(StandardCharsets.UTF_8);
            changed[changed.length / 2] ^= 1;
            assertThat(verify(secret, got, new String(changed, StandardCharsets.UTF_8)))
                    .startsWith("WebhookVerificationError");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(1);
        }
    }

    @Test
    void aFailingReceiverGetsTheSameWebhookIdOnEveryRetryAfterABackoffUntilItAccepts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ChannelRig rig = new ChannelRig();
             Receiver receiver = new Receiver(r -> switch (calls.incrementAndGet()) {
                 case 1 -> Receiver.Reply.of(500, "boom");
                 case 2 -> Receiver.Reply.DROP;
                 default -> Receiver.Reply.OK;
             })) {
            var reader = rig.follower("ben");
            rig.addChannel(reader.token(), "{\"kind\":\"webhook\",\"url\":\"" + receiver.url("/hook") + "\"}");
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "3");

            assertThat(rig.deliver()).isEqualTo(1);
            // the first backoff is between half of and the whole first step (1 s): nothing is due before half of it
            rig.clock.advance(Duration.ofMillis(400));
            assertThat(rig.deliver()).isZero();
            rig.clock.advance(Duration.ofMillis(700));
            assertThat(rig.deliver()).isEqualTo(1);
            rig.clock.advance(Duration.ofSeconds(3));
            assertThat(rig.deliver()).isEqualTo(1);

            List<String> ids = receiver.requests().stream().map(r -> r.header("webhook-id")).toList();
            assertThat(ids).hasSize(3);
            assertThat(ids).containsOnly(ids.getFirst());
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered' and attempts = 3"))
                    .isEqualTo(1);
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("consecutive_failures").asInt()).isZero();
            assertThat(listed.get("total_failures").asInt()).isEqualTo(2);
            assertThat(listed.has("secret")).isFalse();
        }
    }

    @Test
    void aDeliveryIsDeadAfterItsAttemptsAndItsReaderListsItAndRetriesIt() throws Exception {
        DeliveryPolicy policy = DeliveryPolicy.defaults().withAttempts(3, 100);
        try (ChannelRig rig = new ChannelRig(List.of("127.0.0.1"), policy, Optional.empty());
             Receiver receiver = new Receiver(r -> Receiver.Reply.of(503, "down"))) {
            var reader = rig.follower("chika");
            long id = rig.addChannel(reader.token(), "{\"kind\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}")
                    .get("id").asLong();
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            for (int i = 0; i < 3; i++) {
                assertThat(rig.deliver()).isEqualTo(1);
                rig.clock.advance(Duration.ofMinutes(1));
            }
            assertThat(rig.deliver()).isZero();
            JsonNode dead = rig.json(rig.call("GET", "/api/me/channels/" + id + "/dead", reader.token(), null)).get("deliveries");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(dead.get(0).get("last_status").asInt()).isEqualTo(503);

            receiver.answer(r -> Receiver.Reply.OK);
            var retried = rig.call("POST", "/api/me/channels/" + id + "/dead/retry", reader.token(), "{}");
            assertThat(rig.json(retried).get("retried").asInt()).isEqualTo(1);
            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.json(rig.call("GET", "/api/me/channels/" + id + "/dead", reader.token(), null)).get("deliveries")).isEmpty();
            assertThat(receiver.requests()).hasSize(4);
            assertThat(receiver.requests().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        }
    }

    @Test
    void aChannelThatKeepsFailingIsPausedWithItsReasonAndASuccessfulTestResumesIt() throws Exception {
        DeliveryPolicy policy = DeliveryPolicy.defaults().withAttempts(50, 3);
        try (ChannelRig rig = new ChannelRig(List.of("127.0.0.1"), policy, Optional.empty());
             Receiver receiver = new Receiver(r -> Receiver.Reply.of(500, "no"))) {
            var reader = rig.follower("dai");
            long id = rig.addChannel(reader.token(), "{\"kind\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}")
                    .get("id").asLong();
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            for (int i = 0; i < 3; i++) {
                assertThat(rig.deliver()).isEqualTo(1);
                rig.clock.advance(Duration.ofMinutes(10));
            }
            assertThat(rig.deliver()).as("a paused channel is not tried").isZero();
            JsonNode listed = rig.json(rig.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("paused").asBoolean()).isTrue();
            assertThat(listed.get("paused_reason").asText()).isEqualTo("3 failures in a row, the last: HTTP 500");
            assertThat(rig.channels.paused(5).recentReasons()).containsExactly("webhook channel " + id + ": 3 failures in a row, the last: HTTP 500");

            var failedTest = rig.call("POST", "/api/me/channels/" + id + "/test", reader.token(), null);
            assertThat(failedTest.statusCode()).isEqualTo(502);
            assertThat(rig.json(failedTest).get("message").asText()).contains("HTTP 500");

            receiver.answer(r -> Receiver.Reply.OK);
            var test = rig.call("POST", "/api/me/channels/" + id + "/test", reader.token(), null);
            assertThat(test.statusCode()).isEqualTo(200);
            assertThat(rig.json(test).get("resumed").asBoolean()).isTrue();
            assertThat(rig.deliver()).as("the owed delivery goes out once resumed").isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(1);
        }
    }

    /** What the reference library says of this delivery with this body. */
    private static String verify(String secret, Receiver.Request request, String body) throws Exception {
        Path dir = NpmTools.install();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("secret", secret);
        input.put("headers", Map.of("webhook-id", request.header("webhook-id"),
                "webhook-timestamp", request.header("webhook-timestamp"),
                "webhook-signature", request.header("webhook-signature")));
        input.put("body", body);
        Process p = new ProcessBuilder("node", "verify-webhook.cjs").directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(input));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
