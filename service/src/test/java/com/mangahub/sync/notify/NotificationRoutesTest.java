package com.mangahub.sync.notify;

import com.mangahub.sync.reader.UserAccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class NotificationRoutesTest {
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();
    private UserAccounts.NewUser alice;
    private UserAccounts.NewUser bob;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        long mangaId = stack.insertManga(manga, "Sakamoto Days");
        alice = stack.user("alice");
        bob = stack.user("bob");
        stack.follow(alice.account().id(), mangaId);
        for (int n = 1; n <= 3; n++) {
            stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                    + "\",\"title\":\"Sakamoto Days\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.count("select count(*) from notifications") == 3);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void theLogPagesFromACursorOldestFirst() {
        var first = stack.parse(stack.send("GET", "/api/me/notifications?limit=2", alice.token(), null).body());
        assertThat(first.path("notifications")).hasSize(2);
        assertThat(first.path("notifications").get(0).path("chapter").asText()).isEqualTo("1");
        long next = first.path("next_after").asLong();

        var rest = stack.parse(stack.send("GET", "/api/me/notifications?after=" + next, alice.token(), null).body());
        assertThat(rest.path("notifications")).hasSize(1);
        assertThat(rest.path("notifications").get(0).path("payload").path("old_chapter").asText()).isEqualTo("2");
        assertThat(stack.send("GET", "/api/me/notifications?limit=abc", alice.token(), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongTypedOrOutOfRangeNumberIsA400NamingIt() {
        assertField(stack.send("GET", "/api/me/notifications?limit=abc", alice.token(), null), "limit");
        assertField(stack.send("GET", "/api/me/notifications?limit=501", alice.token(), null), "limit");
        assertField(stack.send("GET", "/api/me/notifications?after=1.5", alice.token(), null), "after");
        assertField(stack.send("GET", "/api/me/notifications?after=-1", alice.token(), null), "after");
        assertField(stack.send("GET", "/api/me/notifications?after=%00", alice.token(), null), "after");
        assertField(stack.send("POST", "/api/me/notifications/x/read", alice.token(), null), "id");
        assertField(stack.send("POST", "/api/me/notifications/0/read", alice.token(), null), "id");
        // absent, blank and space-padded numbers read as they always have
        assertThat(stack.send("GET", "/api/me/notifications?limit=&after=", alice.token(), null).statusCode()).isEqualTo(200);
        assertThat(stack.parse(stack.send("GET", "/api/me/notifications?limit=%201%20", alice.token(), null).body())
                .get("notifications")).hasSize(1);
    }

    private void assertField(java.net.http.HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(stack.parse(response.body()).path("error").asText()).isEqualTo("bad_request");
        assertThat(stack.parse(response.body()).path("field").asText()).isEqualTo(field);
    }

    @Test
    void markingOneAndAllRead() {
        long id = stack.parse(stack.send("GET", "/api/me/notifications", alice.token(), null).body())
                .path("notifications").get(0).path("id").asLong();

        assertThat(stack.send("POST", "/api/me/notifications/" + id + "/read", alice.token(), null).statusCode()).isEqualTo(204);
        assertThat(stack.count("select count(*) from notifications where read_at is not null")).isEqualTo(1);
        var all = stack.send("POST", "/api/me/notifications/read-all", alice.token(), null);
        assertThat(stack.parse(all.body()).path("marked_read").asInt()).isEqualTo(2);
    }

    @Test
    void metricsCountNotificationsByTypeAndShowTheOutboxBacklog() {
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.send("GET", "/metrics", null, null).body()
                .contains("mangahub_outbox_depth"));
        String metrics = stack.send("GET", "/metrics", null, null).body();
        assertThat(metrics).contains("mangadex_notifications_sent_total{type=\"NEW_CHAPTER\"} 3.0",
                "mangahub_outbox_oldest_age_seconds", "mangahub_coap_observers");
    }

    @Test
    void oneUsersTokenCannotReadOrAckAnotherUsersNotifications() {
        long alicesId = stack.parse(stack.send("GET", "/api/me/notifications", alice.token(), null).body())
                .path("notifications").get(0).path("id").asLong();

        assertThat(stack.parse(stack.send("GET", "/api/me/notifications", bob.token(), null).body())
                .path("notifications")).isEmpty();
        assertThat(stack.send("POST", "/api/me/notifications/" + alicesId + "/read", bob.token(), null).statusCode())
                .isEqualTo(404);
        stack.send("POST", "/api/me/notifications/read-all", bob.token(), null);
        assertThat(stack.count("select count(*) from notifications where read_at is not null")).isZero();
        assertThat(stack.send("GET", "/api/me/notifications", null, null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/me/notifications", "mh_forged", null).statusCode()).isEqualTo(401);
    }
}
