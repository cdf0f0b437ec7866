package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class UserAndLibraryRoutesTest {
    private NotifyStack stack;

    @BeforeEach
    void start() {
        stack = new NotifyStack();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void creatingAUserAnswersATokenOnceAndStoresOnlyItsHash() {
        var created = stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"alice\",\"languages\":[\"en\",\"fr\"]}");

        assertThat(created.statusCode()).isEqualTo(201);
        String token = stack.parse(created.body()).path("token").asText();
        assertThat(token).startsWith("mh_");
        assertThat(stack.count("select count(*) from users where token_hash = sha256(convert_to(?, 'UTF8')) "
                + "and languages = '{en,fr}'", token)).isEqualTo(1);
        assertThat(stack.send("GET", "/api/me", token, null).body()).contains("alice");
        assertThat(stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"alice\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void creatingAUserNeedsTheAdminToken() {
        assertThat(stack.send("POST", "/api/users", null, "{\"name\":\"mallory\"}").statusCode()).isEqualTo(401);
        assertThat(stack.send("POST", "/api/users", "wrong-token-wrong-token", "{\"name\":\"mallory\"}").statusCode())
                .isEqualTo(401);
        var bad = stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"bad name!\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(stack.parse(bad.body()).path("field").asText()).isEqualTo("name");
    }

    @Test
    void badUserFieldsAre400sNamingTheField() {
        assertField(stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":null}"), "name");
        assertField(stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"al\\u0000ice\"}"), "name");
        assertField(stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"carol\",\"languages\":\"en\"}"),
                "languages");
        assertField(stack.send("POST", "/api/users", NotifyStack.ADMIN, "{\"name\":\"carol\",\"languages\":[\"xx-\"]}"),
                "languages");
        assertField(stack.send("PUT", "/api/me/library/1-2-3-4-5", stack.user("dave").token(), null), "manga_id");
    }

    private void assertField(java.net.http.HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(stack.parse(response.body()).path("field").asText()).isEqualTo(field);
    }

    /**
     * The log has no foreign key to its reader (migration V31.1, for the fan-out's sake): deleting a reader deletes
     * their notifications and the channel deliveries those owe in the same transaction, and nothing of another
     * reader's.
     */
    @Test
    void deletingAReaderDeletesTheirLogAndItsDeliveriesAndNoOneElses() {
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Kaiju No. 8");
        var leaving = stack.user("leaving");
        var staying = stack.user("staying");
        for (var reader : java.util.List.of(leaving, staying)) {
            stack.follow(reader.account().id(), mangaId);
            stack.count("insert into channels (user_id, kind, config, secret, host, created_at) values (?, 'webhook', "
                    + "'{\"url\": \"https://example.org/hook\"}', 'whsec_c2VjcmV0', 'example.org', now()) returning id",
                    reader.account().id());
        }
        for (int n = 1; n <= 2; n++) {
            assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                    + "\",\"title\":\"Kaiju No. 8\",\"chapter\":\"" + n + "\"}").statusCode()).isEqualTo(202);
            assertThat(stack.dispatcher.runOnce()).isEqualTo(1);
        }
        long leavingId = leaving.account().id();
        assertThat(stack.count("select count(*) from notifications where user_id = ?", leavingId)).isEqualTo(2);
        assertThat(stack.count("select count(*) from channel_deliveries where user_id = ?", leavingId)).isEqualTo(2);

        assertThat(stack.send("DELETE", "/api/users/" + leavingId, NotifyStack.ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(stack.count("select count(*) from notifications where user_id = ?", leavingId)).isZero();
        assertThat(stack.count("select count(*) from channel_deliveries where user_id = ?", leavingId)).isZero();
        long stayingId = staying.account().id();
        assertThat(stack.count("select count(*) from notifications where user_id = ?", stayingId)).isEqualTo(2);
        assertThat(stack.count("select count(*) from channel_deliveries where user_id = ?", stayingId)).isEqualTo(2);
        assertThat(stack.send("DELETE", "/api/users/" + leavingId, NotifyStack.ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void followingListingAndUnfollowingASeries() {
        UUID manga = UUID.randomUUID();
        stack.insertManga(manga, "Blue Period");
        String token = stack.user("reader").token();

        assertThat(stack.send("PUT", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(201);
        assertThat(stack.send("PUT", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(200);
        assertThat(stack.parse(stack.send("GET", "/api/me/library", token, null).body())
                .path("library").get(0).path("title").asText()).isEqualTo("Blue Period");
        assertThat(stack.send("DELETE", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(204);
        assertThat(stack.send("DELETE", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(404);
        assertThat(stack.send("PUT", "/api/me/library/" + UUID.randomUUID(), token, null).statusCode()).isEqualTo(404);
        assertThat(stack.send("PUT", "/api/me/library/not-a-uuid", token, null).statusCode()).isEqualTo(400);
        assertThat(stack.send("PUT", "/api/me/library/" + manga, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void followingAnUntrackedSeriesStartsTrackingItFirst() {
        UUID manga = UUID.randomUUID();
        var started = new java.util.ArrayList<UUID>();
        stack.close();
        stack = new NotifyStack(java.time.Clock.systemUTC(), com.mangahub.sync.notify.coap.CoapSettings.defaults(),
                new com.mangahub.sync.config.Config.Notify(10, java.time.Duration.ofHours(1)), id -> {
                    started.add(id);
                    stack.insertManga(id, "Fetched On Follow");
                    return true;
                });
        String token = stack.user("reader").token();

        assertThat(stack.send("PUT", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(201);
        assertThat(started).containsExactly(manga);
        assertThat(stack.send("PUT", "/api/me/library/" + manga, token, null).statusCode()).isEqualTo(200);
        assertThat(started).as("already tracked: not started again").containsExactly(manga);
    }
}
