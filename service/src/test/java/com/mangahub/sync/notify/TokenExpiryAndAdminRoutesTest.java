package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens with a maximum age (MANGAHUB_TOKEN_MAX_AGE): refused once older, a rotation starts a new age, and the
 * periodic re-check ends a stream whose token expired while it was open. The operator's routes: admin only, paged,
 * and bad ids are JSON 400s naming the field.
 */
@ExtendWith(PostgresExtension.class)
class TokenExpiryAndAdminRoutesTest {
    private static final Duration MAX_AGE = Duration.ofDays(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private NotifyStack stack;

    @BeforeEach
    void start() {
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly(), Optional.of(MAX_AGE)).startBackground();
    }

    @AfterEach
    void stop() {
        readers.forEach(Thread::interrupt);
        stack.close();
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsRefusedAndARotationStartsANewAge() {
        var user = stack.user("ageing");
        assertThat(stack.send("GET", "/api/me", user.token(), null).statusCode()).isEqualTo(200);
        clock.advance(MAX_AGE.minusMinutes(1));
        var rotated = stack.send("POST", "/api/me/token", user.token(), null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode body = stack.parse(rotated.body());
        assertThat(Instant.parse(body.path("token_expires_at").asText())).isEqualTo(clock.instant().plus(MAX_AGE));
        String fresh = body.path("token").asText();

        clock.advance(Duration.ofMinutes(2));
        assertThat(stack.send("GET", "/api/me", fresh, null).statusCode()).as("a new age").isEqualTo(200);
        clock.advance(MAX_AGE);
        var expired = stack.send("GET", "/api/me", fresh, null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(stack.parse(expired.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(stack.send("POST", "/api/me/token", fresh, null).statusCode()).as("no rotation once expired")
                .isEqualTo(401);
    }

    @Test
    void anOpenStreamWhoseTokenExpiresIsEndedByThePeriodicCheckAndAFreshOneIsNot() throws Exception {
        var old = stack.user("streamer-old");
        clock.advance(Duration.ofDays(10));
        var fresh = stack.user("streamer-new");
        List<String> oldLines = openStream(old.token());
        List<String> freshLines = openStream(fresh.token());
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.sse.clients() == 2);
        assertThat(stack.revocations.runOnce()).as("nothing expired yet").isZero();

        clock.advance(MAX_AGE.minusDays(5));
        assertThat(stack.revocations.runOnce()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> oldLines.contains("<end>"));
        assertThat(stack.sse.clients()).isEqualTo(1);
        assertThat(freshLines).doesNotContain("<end>");
    }

    @Test
    void theOperatorsRoutesNeedTheAdminTokenPageByIdAndNameBadIds() {
        var a = stack.user("reader-a");
        var b = stack.user("reader-b");
        var c = stack.user("reader-c");
        assertThat(stack.send("GET", "/api/users", null, null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/users", a.token(), null).statusCode()).as("a reader is no admin").isEqualTo(401);
        assertThat(stack.send("POST", "/api/users/" + b.account().id() + "/disable", a.token(), null).statusCode())
                .isEqualTo(401);
        assertThat(stack.send("DELETE", "/api/users/" + b.account().id(), a.token(), null).statusCode()).isEqualTo(401);

        JsonNode first = stack.parse(stack.send("GET", "/api/users?limit=2", NotifyStack.ADMIN, null).body());
        assertThat(names(first)).containsExactly("reader-a", "reader-b");
        assertThat(first.path("next_after").asLong()).isEqualTo(b.account().id());
        JsonNode second = stack.parse(stack.send("GET", "/api/users?limit=2&after=" + b.account().id(),
                NotifyStack.ADMIN, null).body());
        assertThat(names(second)).containsExactly("reader-c");
        assertThat(second.path("next_after").isNull()).isTrue();
        assertThat(second.path("users").get(0).path("id").asLong()).isEqualTo(c.account().id());
        assertThat(second.path("users").get(0).path("disabled").asBoolean()).isFalse();

        for (String bad : List.of("/api/users?limit=0", "/api/users?limit=1001", "/api/users?after=x")) {
            var r = stack.send("GET", bad, NotifyStack.ADMIN, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(stack.parse(r.body()).path("field").asText()).as(bad).isIn("limit", "after");
        }
        for (String bad : List.of("/api/users/abc/disable", "/api/users/0/enable", "/api/users/-4/disable")) {
            var r = stack.send("POST", bad, NotifyStack.ADMIN, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(stack.parse(r.body()).path("field").asText()).isEqualTo("id");
        }
        var unknown = stack.send("POST", "/api/users/999999/disable", NotifyStack.ADMIN, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(stack.parse(unknown.body()).path("message").asText()).contains("999999");

        JsonNode disabled = stack.parse(stack.send("POST", "/api/users/" + b.account().id() + "/disable",
                NotifyStack.ADMIN, null).body());
        clock.advance(Duration.ofHours(1));
        JsonNode again = stack.parse(stack.send("POST", "/api/users/" + b.account().id() + "/disable",
                NotifyStack.ADMIN, null).body());
        assertThat(again.path("disabled_at").asText()).as("the first mark is kept")
                .isEqualTo(disabled.path("disabled_at").asText());
    }

    private static List<String> names(JsonNode page) {
        return StreamSupport.stream(page.path("users").spliterator(), false).map(u -> u.path("name").asText()).toList();
    }

    private List<String> openStream(String token) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port()
                        + "/api/me/notifications/stream")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        readers.add(Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
                lines.add("<end>");
            } catch (java.io.IOException e) {
                lines.add("failed: " + e.getMessage());
            }
        }));
        return lines;
    }
}
