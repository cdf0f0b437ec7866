package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TriggerRoutesTest {
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();

    @BeforeEach
    void start() {
        stack = new NotifyStack();
        stack.insertManga(manga, "Dandadan");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private String chapterBody() {
        return "{\"manga_id\":\"" + manga + "\",\"title\":\"Dandadan\",\"chapter\":\"12\",\"old_chapter\":\"11\"}";
    }

    @Test
    void aNewChapterTriggerIsAcceptedIntoTheOutbox() {
        var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, chapterBody());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(stack.count("select count(*) from outbox where type = 'NEW_CHAPTER' and payload->>'chapter' = '12' "
                + "and payload->>'old_chapter' = '11' and payload->>'manga_id' = ?", manga.toString())).isEqualTo(1);
    }

    @Test
    void newMangaAndMangaUpdateTriggersAreAccepted() {
        assertThat(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":\"Dandadan\"}").statusCode()).isEqualTo(202);
        assertThat(stack.send("POST", "/notify/manga-update", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":\"Dandadan\",\"changes\":{\"status\":\"completed\"}}")
                .statusCode()).isEqualTo(202);
        assertThat(stack.count("select count(*) from outbox where payload->'changes'->>'status' = 'completed'")).isEqualTo(1);
    }

    @Test
    void triggersWithoutOrWithAWrongAdminTokenAre401AndWriteNothing() {
        assertThat(stack.send("POST", "/notify/new-chapter", null, chapterBody()).statusCode()).isEqualTo(401);
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN + "x", chapterBody()).statusCode()).isEqualTo(401);
        var user = stack.user("reader");
        assertThat(stack.send("POST", "/notify/new-manga", user.token(), chapterBody()).statusCode()).isEqualTo(401);
        assertThat(stack.count("select count(*) from outbox")).isZero();
    }

    @Test
    void badInputIsA400NamingTheField() {
        var missingChapter = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":\"Dandadan\"}");
        assertThat(missingChapter.statusCode()).isEqualTo(400);
        assertThat(stack.parse(missingChapter.body()).path("field").asText()).isEqualTo("chapter");

        var badId = stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "{\"manga_id\":\"nope\",\"title\":\"x\"}");
        assertThat(stack.parse(badId.body()).path("field").asText()).isEqualTo("manga_id");

        var noChanges = stack.send("POST", "/notify/manga-update", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":\"x\",\"changes\":[1]}");
        assertThat(noChanges.statusCode()).isEqualTo(400);
        assertThat(stack.parse(noChanges.body()).path("field").asText()).isEqualTo("changes");

        assertThat(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void nullsWrongTypesAndNulCharactersAre400sNamingTheFieldAndWriteNothing() {
        assertField(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "null"), "body");
        assertField(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "[1]"), "body");
        assertField(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "{\"manga_id\":null,\"title\":\"x\"}"),
                "manga_id");
        assertField(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":{\"en\":\"x\"}}"), "title");
        assertField(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + manga + "\",\"title\":\"Danda\\u0000dan\"}"), "title");
        assertField(stack.send("POST", "/notify/manga-update", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"x\",\"changes\":{\"status\":[\"a\\u0000\"]}}"), "changes");
        assertThat(stack.count("select count(*) from outbox")).isZero();
    }

    private void assertField(java.net.http.HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(stack.parse(response.body()).path("error").asText()).isEqualTo("bad_request");
        assertThat(stack.parse(response.body()).path("field").asText()).isEqualTo(field);
    }

    @Test
    void anUnknownSeriesIs404() {
        var response = stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN,
                "{\"manga_id\":\"" + UUID.randomUUID() + "\",\"title\":\"Ghost\"}");
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyIsRefused() {
        String huge = "{\"manga_id\":\"" + manga + "\",\"title\":\"" + "x".repeat(20_000) + "\"}";
        assertThat(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, huge).statusCode()).isEqualTo(413);
        assertThat(stack.count("select count(*) from outbox")).isZero();
    }
}
