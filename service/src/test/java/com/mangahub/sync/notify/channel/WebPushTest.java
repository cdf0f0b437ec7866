package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.support.NpmTools;
import com.mangahub.sync.support.PostgresExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web Push against npm's {@code web-push-testing}, a local push service that checks the VAPID token against the key
 * the subscription was made with and decrypts {@code aes128gcm} as a browser would: the decrypted payload is checked,
 * and once the subscription has expired (410) the channel is removed.
 */
@ExtendWith(PostgresExtension.class)
class WebPushTest {
    private static final ObjectMapper JSON = App.jsonMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPushServiceReceivesTheEncryptedVapidSignedNotificationAndA410RemovesTheSubscription(@TempDir Path data)
            throws Exception {
        VapidKeys vapid = VapidKeys.inDataDir(data, "mailto:operator@example.org");
        assertThat(VapidKeys.inDataDir(data, "mailto:operator@example.org").publicKeyText())
                .as("made once, then kept").isEqualTo(vapid.publicKeyText());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path tools = NpmTools.install();
        Process service = new ProcessBuilder("node", tools.resolve("node_modules/web-push-testing/src/bin/server.js").toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(Files.createTempFile("web-push-testing", ".log").toFile())
                .start();
        String base = "http://localhost:" + port;
        try (ChannelRig rig = new ChannelRig(List.of("localhost", "127.0.0.1", "::1"), DeliveryPolicy.defaults(),
                Optional.empty(), Optional.empty(), ServiceApis.defaults(), Optional.of(vapid))) {
            rig.clock.set(java.time.Instant.now()); // the push service checks the VAPID token's exp on its own clock
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> post(base + "/status", "").statusCode() == 200);
            JsonNode subscription = JSON.readTree(post(base + "/subscribe",
                    "{\"userVisibleOnly\":\"true\",\"applicationServerKey\":\"" + vapid.publicKeyText() + "\"}").body()).get("data");
            String clientHash = subscription.get("clientHash").asText();

            var reader = rig.follower("pia");
            assertThat(rig.json(rig.call("GET", "/api/me/webpush/key", reader.token(), null)).get("public_key").asText())
                    .isEqualTo(vapid.publicKeyText());
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"webpush\",\"endpoint\":\""
                    + subscription.get("endpoint").asText() + "\",\"keys\":" + subscription.get("keys") + "}");
            assertThat(channel.get("target").asText()).isEqualTo(base + "/***");
            assertThat(channel.toString()).doesNotContain(subscription.get("keys").get("auth").asText());

            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "42");
            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'"))
                    .as(() -> rig.stack.db.inTransaction(h -> h.createQuery("select coalesce(string_agg(coalesce(d.last_error, '') "
                            + "|| ' ' || coalesce(c.paused_reason, ''), '; '), '') from channel_deliveries d join channels c "
                            + "on c.id = d.channel_id").mapTo(String.class).one())).isEqualTo(1);
            JsonNode messages = JSON.readTree(post(base + "/get-notifications", "{\"clientHash\":\"" + clientHash + "\"}")
                    .body()).get("data").get("messages");
            assertThat(messages).hasSize(1);
            JsonNode payload = JSON.readTree(messages.get(0).asText());
            assertThat(payload.get("title").asText()).isEqualTo("Frieren: chapter 42");
            assertThat(payload.get("body").asText()).isEqualTo("Ch. 42 · en");
            assertThat(payload.get("url").asText()).startsWith("https://mangadex.org/chapter/");
            assertThat(payload.get("tag").asText()).startsWith("notification-");

            assertThat(post(base + "/expire-subscription/" + clientHash, "").statusCode()).isEqualTo(200);
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "43");
            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channels")).as("410: the subscription is removed").isZero();
            assertThat(rig.stack.count("select count(*) from channel_deliveries")).isZero();
            assertThat(rig.stack.count("select count(*) from notifications")).as("the log keeps both").isEqualTo(2);
        } finally {
            service.destroy();
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
