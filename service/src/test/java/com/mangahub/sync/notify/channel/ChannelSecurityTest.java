package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.support.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reader's URL cannot reach the operator's network, and one reader cannot see, test, delete or read the dead
 * deliveries of another's channel.
 */
@ExtendWith(PostgresExtension.class)
class ChannelSecurityTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/x", "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data/",
            "http://localhost:8080/x", "http://[::1]/x", "http://100.64.0.1/x", "http://192.168.1.10/x",
            "http://[fd00::1]/x", "http://[::ffff:10.0.0.1]/x", "http://0.0.0.0/x"})
    void aChannelToANonPublicAddressOrANameResolvingThereIsRefused(String url) throws Exception {
        try (ChannelRig rig = new ChannelRig(List.of(), DeliveryPolicy.defaults(), Optional.empty())) {
            var reader = rig.follower("ike");
            HttpResponse<String> r = rig.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"webhook\",\"url\":\"" + url + "\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode error = rig.json(r);
            assertThat(error.get("field").asText()).isEqualTo("url");
            assertThat(error.get("message").asText()).contains("non-public address");
            assertThat(rig.stack.count("select count(*) from channels")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/", "http://user:pw@example.org/",
            "not a url", "javascript:alert(1)"})
    void onlyHttpAndHttpsUrlsWithoutCredentialsAreAccepted(String url) throws Exception {
        try (ChannelRig rig = new ChannelRig(List.of(), DeliveryPolicy.defaults(), Optional.empty())) {
            var reader = rig.follower("jun");
            HttpResponse<String> r = rig.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"webhook\",\"url\":\"" + url + "\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(rig.json(r).get("field").asText()).isEqualTo("url");
        }
    }

    @Test
    void aTargetThatResolvesToARefusedAddressAtSendTimeIsNotSentToAndItsChannelPauses() throws Exception {
        // made while the operator allowed localhost; sent after that changed, as a name rebinding to loopback would
        try (ChannelRig allowing = new ChannelRig(List.of("localhost"), DeliveryPolicy.defaults(), Optional.empty());
             Receiver receiver = Receiver.accepting()) {
            var reader = allowing.follower("kai");
            allowing.addChannel(reader.token(), "{\"kind\":\"webhook\",\"url\":\""
                    + receiver.url("/h").replace("127.0.0.1", "localhost") + "\"}");
            allowing.newChapter(reader.mangaId(), reader.mangaDexId(), "1");
            TargetGuard strict = new TargetGuard(List.of());
            ChannelSender sender = new ChannelSender(strict, allowing.http, allowing.stack.json, allowing.clock, Optional.empty());
            try (DeliveryWorker worker = new DeliveryWorker(allowing.deliveries, allowing.channels, sender,
                    DeliveryPolicy.defaults(), allowing.clock, new java.util.Random(1), allowing.stack.metrics, "strict",
                    java.time.Duration.ofSeconds(1))) {
                assertThat(worker.runOnce()).isEqualTo(1);
                org.awaitility.Awaitility.await().until(() -> worker.inFlight() == 0);
            }
            assertThat(receiver.requests()).isEmpty();
            JsonNode listed = allowing.json(allowing.call("GET", "/api/me/channels", reader.token(), null)).get("channels").get(0);
            assertThat(listed.get("paused_reason").asText()).contains("refused now").contains("non-public address");
            assertThat(allowing.stack.count("select count(*) from channel_deliveries where status = 'pending'")).isEqualTo(1);
        }
    }

    @Test
    void aReaderCannotSeeTestDeleteOrRetryAnotherReadersChannel() throws Exception {
        try (ChannelRig rig = new ChannelRig(); Receiver receiver = Receiver.accepting()) {
            var owner = rig.follower("lin");
            var other = rig.follower("mio");
            long id = rig.addChannel(owner.token(), "{\"kind\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}")
                    .get("id").asLong();

            assertThat(rig.json(rig.call("GET", "/api/me/channels", other.token(), null)).get("channels")).isEmpty();
            assertThat(rig.call("POST", "/api/me/channels/" + id + "/test", other.token(), null).statusCode()).isEqualTo(404);
            assertThat(rig.call("GET", "/api/me/channels/" + id + "/dead", other.token(), null).statusCode()).isEqualTo(404);
            assertThat(rig.call("POST", "/api/me/channels/" + id + "/dead/retry", other.token(), "{}").statusCode()).isEqualTo(404);
            assertThat(rig.call("DELETE", "/api/me/channels/" + id, other.token(), null).statusCode()).isEqualTo(404);
            assertThat(receiver.requests()).as("no test reached the owner's receiver").isEmpty();
            assertThat(rig.call("GET", "/api/me/channels", null, null).statusCode()).isEqualTo(401);
            assertThat(rig.call("POST", "/api/me/channels", "not-a-token", "{}").statusCode()).isEqualTo(401);

            JsonNode mine = rig.json(rig.call("GET", "/api/me/channels", owner.token(), null)).get("channels");
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).has("secret")).as("the secret is answered once, at creation").isFalse();
            assertThat(rig.call("DELETE", "/api/me/channels/" + id, owner.token(), null).statusCode()).isEqualTo(204);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"kind\":null,\"url\":\"http://127.0.0.1/\"}|kind", "{\"kind\":\"sms\",\"url\":\"http://127.0.0.1/\"}|kind",
            "{\"kind\":\"webhook\"}|url", "{\"kind\":\"webhook\",\"url\":[1]}|url", "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1/\\u0000\"}|url",
            "{\"kind\":\"discord\",\"url\":\"http://127.0.0.1/not-a-webhook\"}|url",
            "{\"kind\":\"ntfy\",\"url\":\"http://127.0.0.1/t\",\"priority\":9}|priority",
            "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1/\",\"priority\":3}|priority",
            "{\"kind\":\"email\",\"url\":\"http://127.0.0.1/\"}|kind", "[1,2]|body"})
    void badInputIsA400NamingTheField(String caseAndField) throws Exception {
        String[] parts = caseAndField.split("\\|");
        try (ChannelRig rig = new ChannelRig()) {
            var reader = rig.follower("nao");
            HttpResponse<String> r = rig.call("POST", "/api/me/channels", reader.token(), parts[0]);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(rig.json(r).get("field").asText()).isEqualTo(parts[1]);
        }
    }
}
