package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.reader.UserAccounts.NewUser;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, case by case: each of the reader's controls changes exactly what it should. Every case has a reader with
 * the control and one without, and an event the control must stop next to one it must let through; the controls are
 * set over the HTTP API, and the dispatcher's one fan-out statement is what applies them.
 */
@ExtendWith(PostgresExtension.class)
class ReaderControlsTest {
    private static final UUID GROUP_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    private static final UUID GROUP_B = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
    private static final UUID UPLOADER = UUID.fromString("cccccccc-0000-4000-8000-000000000003");
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final UUID manga = UUID.randomUUID();
    private NotifyStack stack;
    private long mangaId;
    private NewUser ruled;
    private NewUser plain;

    @BeforeEach
    void start() {
        // no anti-spam window: every case sends several events of one type for one series
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(3, Duration.ZERO),
                NotifyStack.catalogueOnly());
        mangaId = stack.insertManga(manga, "Frieren");
        ruled = stack.user("ruled", "en");
        plain = stack.user("plain", "en");
        stack.follow(ruled.account().id(), mangaId);
        stack.follow(plain.account().id(), mangaId);
        // the groups must be known (credited on a stored chapter) before a reader can name them
        chapter("1", "en", List.of(GROUP_A), null);
        chapter("1", "en", List.of(GROUP_B), null);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void groupsNeverSilencesThatGroupsChaptersOnly() {
        patch("/api/me/library/" + manga, "{\"groups_never\":[\"" + GROUP_A + "\"]}", 200);
        announce(chapter("2", "en", List.of(GROUP_A), null));
        announce(chapter("3", "en", List.of(GROUP_B), null));
        assertThat(chaptersOf(ruled)).containsExactly("3");
        assertThat(chaptersOf(plain)).containsExactly("2", "3");
    }

    @Test
    void aChapterCreditingANeverGroupAmongOthersIsSilencedToo() {
        patch("/api/me/library/" + manga, "{\"groups_never\":[\"https://mangadex.org/group/" + GROUP_A + "/a-team\"]}", 200);
        announce(chapter("2", "en", List.of(GROUP_B, GROUP_A), null));
        assertThat(chaptersOf(ruled)).isEmpty();
        assertThat(chaptersOf(plain)).containsExactly("2");
    }

    @Test
    void groupsOnlyLetsThroughThatGroupsChaptersOnly() {
        JsonNode answer = patch("/api/me/library/" + manga, "{\"groups_only\":[\"" + GROUP_B + "\"]}", 200);
        assertThat(answer.path("settings").path("groups_only").get(0).path("name").asText()).isEqualTo("Group B");
        announce(chapter("2", "en", List.of(GROUP_A), null));
        announce(chapter("3", "en", List.of(GROUP_B), null));
        // a trigger's chapter we never stored: its groups are unknown, which is no reason to withhold it
        announce("{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\",\"chapter\":\"4\",\"language\":\"en\"}");
        assertThat(chaptersOf(ruled)).containsExactly("3", "4");
        assertThat(chaptersOf(plain)).containsExactly("2", "3", "4");
    }

    @Test
    void uploadersNeverSilencesThatUploadersChaptersOnly() {
        patch("/api/me/library/" + manga, "{\"uploaders_never\":[\"" + UPLOADER + "\"]}", 200);
        announce(chapter("2", "en", List.of(GROUP_A), UPLOADER));
        announce(chapter("3", "en", List.of(GROUP_A), UUID.randomUUID()));
        announce(chapter("4", "en", List.of(GROUP_A), null));
        assertThat(chaptersOf(ruled)).containsExactly("3", "4");
        assertThat(chaptersOf(plain)).containsExactly("2", "3", "4");
    }

    @Test
    void mutedSilencesTheSeriesChaptersAndUpdatesButNotOtherSeries() {
        patch("/api/me/library/" + manga, "{\"muted\":true}", 200);
        long other = stack.insertManga(UUID.randomUUID(), "Dungeon Meshi");
        stack.follow(ruled.account().id(), other);
        announce(chapter("2", "en", List.of(GROUP_A), null));
        enqueue(OutboxWriter.Type.MANGA_UPDATE, mangaId, "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\"}");
        enqueue(OutboxWriter.Type.MANGA_UPDATE, other, "{\"manga_id\":\"" + UUID.randomUUID() + "\",\"title\":\"Dungeon Meshi\"}");
        stack.dispatcher.runOnce();
        assertThat(typesOf(ruled)).containsExactly("MANGA_UPDATE");
        assertThat(typesOf(plain)).containsExactly("NEW_CHAPTER", "MANGA_UPDATE");
        patch("/api/me/library/" + manga, "{\"muted\":false}", 200);
        announce(chapter("3", "en", List.of(GROUP_A), null));
        assertThat(chaptersOf(ruled)).containsExactly("3");
    }

    @Test
    void aLanguageOverrideReplacesTheReadersLanguagesForThatSeriesOnly() {
        patch("/api/me/library/" + manga, "{\"languages\":[\"fr\"]}", 200);
        long other = stack.insertManga(UUID.randomUUID(), "Dungeon Meshi");
        stack.follow(ruled.account().id(), other);
        announce(chapter("2", "en", List.of(GROUP_A), null));
        announce(chapter("2", "fr", List.of(GROUP_A), null));
        enqueue(OutboxWriter.Type.NEW_CHAPTER, other, "{\"manga_id\":\"" + UUID.randomUUID()
                + "\",\"title\":\"Dungeon Meshi\",\"chapter\":\"9\",\"language\":\"en\"}");
        stack.dispatcher.runOnce();
        assertThat(chaptersOf(ruled)).containsExactly("2 fr", "9 en");
        assertThat(chaptersOf(plain)).as("English only, as the reader reads").containsExactly("2");
        // back to the reader's default languages
        patch("/api/me/library/" + manga, "{\"languages\":null}", 200);
        announce(chapter("3", "en", List.of(GROUP_A), null));
        assertThat(chaptersOf(ruled)).contains("3 en");
    }

    @Test
    void readerWideGroupsNeverAppliesToEverySeries() {
        patch("/api/me/preferences", "{\"groups_never\":[\"" + GROUP_A + "\"]}", 200);
        announce(chapter("2", "en", List.of(GROUP_A), null));
        announce(chapter("3", "en", List.of(GROUP_B), null));
        assertThat(chaptersOf(ruled)).containsExactly("3");
        assertThat(chaptersOf(plain)).containsExactly("2", "3");
    }

    @Test
    void aLateLowerChapterAtOrBelowProgressIsStoredButNotNotifiedAndOneAboveIs() {
        JsonNode answer = put("/api/me/library/" + manga + "/progress", "{\"chapter\":\"10\"}", 200);
        assertThat(answer.path("progress").path("chapter").asText()).isEqualTo("10");
        announce(chapter("8", "en", List.of(GROUP_A), null));
        announce(chapter("10", "en", List.of(GROUP_A), null));
        announce(chapter("10.5", "en", List.of(GROUP_A), null));
        assertThat(chaptersOf(ruled)).containsExactly("10.5");
        assertThat(chaptersOf(plain)).containsExactly("8", "10", "10.5");
        assertThat(stack.count("select count(*) from chapters where manga_id = ? and chapter in ('8', '10')", mangaId))
                .as("the chapters are stored for the series' chapter list").isEqualTo(2);
    }

    @Test
    void withTheProgressRuleOffEveryChapterNotifies() {
        put("/api/me/library/" + manga + "/progress", "{\"chapter\":\"10\"}", 200);
        JsonNode prefs = patch("/api/me/preferences", "{\"skip_read_chapters\":false}", 200);
        assertThat(prefs.path("skip_read_chapters").asBoolean()).isFalse();
        announce(chapter("8", "en", List.of(GROUP_A), null));
        assertThat(chaptersOf(ruled)).containsExactly("8");
    }

    @Test
    void markingANewChapterReadAdvancesProgressOnlyForwardAndOnlyWhenWanted() {
        put("/api/me/library/" + manga + "/progress", "{\"chapter\":\"5\"}", 200);
        announce(chapter("7", "en", List.of(GROUP_A), null));
        announce(chapter("6", "en", List.of(GROUP_A), null));
        List<Long> ids = idsOf(ruled);
        assertThat(send("POST", "/api/me/notifications/" + ids.get(0) + "/read", null).statusCode()).isLessThan(300);
        assertThat(progress()).isEqualTo("7");
        // reading the late chapter 6 afterwards does not take progress back
        send("POST", "/api/me/notifications/" + ids.get(1) + "/read", null);
        assertThat(progress()).isEqualTo("7");
        patch("/api/me/preferences", "{\"read_advances_progress\":false}", 200);
        announce(chapter("9", "en", List.of(GROUP_A), null));
        send("POST", "/api/me/notifications/" + idsOf(ruled).get(2) + "/read", null);
        assertThat(progress()).isEqualTo("7");
    }

    @Test
    void mangaUpdateOffSilencesUpdatesOnly() {
        patch("/api/me/preferences", "{\"manga_update\":false}", 200);
        enqueue(OutboxWriter.Type.MANGA_UPDATE, mangaId, "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\"}");
        stack.dispatcher.runOnce();
        announce(chapter("2", "en", List.of(GROUP_A), null));
        assertThat(typesOf(ruled)).containsExactly("NEW_CHAPTER");
        assertThat(typesOf(plain)).containsExactly("MANGA_UPDATE", "NEW_CHAPTER");
    }

    @Test
    void newMangaFiltersByContentRatingOriginalLanguageTagsAndDemographic() {
        UUID romance = tag("Romance");
        UUID horror = tag("Horror");
        // each reader holds one filter; "plain" holds none and gets every new series
        NewUser off = stack.user("off");
        NewUser safeOnly = stack.user("safe-only");
        NewUser koreanOnly = stack.user("korean-only");
        NewUser romanceOnly = stack.user("romance-only");
        NewUser noHorror = stack.user("no-horror");
        NewUser seinenOnly = stack.user("seinen-only");
        NewUser wantsNoErotica = stack.user("wants-no-erotica");
        patchAs(off, "{\"new_manga\":false}");
        patchAs(safeOnly, "{\"new_manga_content_ratings\":[\"safe\"]}");
        patchAs(koreanOnly, "{\"new_manga_original_languages\":[\"ko\"]}");
        patchAs(romanceOnly, "{\"new_manga_tags_included\":[\"romance\"]}");
        patchAs(noHorror, "{\"new_manga_tags_excluded\":[\"" + horror + "\"]}");
        patchAs(seinenOnly, "{\"new_manga_demographics\":[\"seinen\"]}");
        patchAs(wantsNoErotica, "{\"content_ratings\":[\"safe\",\"suggestive\"]}");

        newManga("Safe Korean Romance", "safe", "ko", "shoujo", romance);
        newManga("Erotica Japanese Horror", "erotica", "ja", "seinen", horror);
        newManga("Suggestive Korean Horror Romance", "suggestive", "ko", null, romance, horror);

        assertThat(newMangaOf(plain)).hasSize(3);
        assertThat(newMangaOf(off)).isEmpty();
        assertThat(newMangaOf(safeOnly)).containsExactly("Safe Korean Romance");
        assertThat(newMangaOf(koreanOnly)).containsExactly("Safe Korean Romance", "Suggestive Korean Horror Romance");
        assertThat(newMangaOf(romanceOnly)).containsExactly("Safe Korean Romance", "Suggestive Korean Horror Romance");
        assertThat(newMangaOf(noHorror)).containsExactly("Safe Korean Romance");
        assertThat(newMangaOf(seinenOnly)).containsExactly("Erotica Japanese Horror");
        assertThat(newMangaOf(wantsNoErotica)).containsExactly("Safe Korean Romance", "Suggestive Korean Horror Romance");
        JsonNode prefs = stack.parse(stack.send("GET", "/api/me/preferences", romanceOnly.token(), null).body());
        assertThat(prefs.path("new_manga_tags_included").get(0).asText()).as("tags shown by name").isEqualTo("Romance");
    }

    @Test
    void badInputIsAJson400NamingTheFieldAndChangesNothing() {
        String before = stack.send("GET", "/api/me/library", ruled.token(), null).body();
        assertBad(send("PATCH", "/api/me/library/" + manga, "{\"muted\":true,\"groups_never\":[\"" + UUID.randomUUID() + "\"]}"),
                "groups_never", "unknown scanlation group");
        assertBad(send("PUT", "/api/me/library/" + manga + "/progress", "{\"chapter\":\"abc\"}"), "chapter", "chapter number");
        assertBad(send("PUT", "/api/me/library/" + manga + "/progress", "{\"chapter\":[12]}"), "chapter", "chapter number");
        String tenThousand = IntStream.range(0, 10_000).mapToObj(i -> "\"" + GROUP_A + "\"").collect(Collectors.joining(","));
        assertBad(send("PATCH", "/api/me/library/" + manga, "{\"muted\":true,\"groups_only\":[" + tenThousand + "]}"),
                "groups_only", "at most 100");
        assertBad(send("PATCH", "/api/me/library/" + manga, "{\"muted\":\"yes\"}"), "muted", "true or false");
        assertBad(send("PATCH", "/api/me/library/" + manga, "{\"languages\":[\"<b>en</b>\"]}"), "languages", "language codes");
        assertBad(send("PATCH", "/api/me/library/" + manga, "{\"mute\":true}"), "mute", "not a setting");
        assertBad(send("PATCH", "/api/me/preferences", "{\"manga_update\":false,\"new_manga_tags_included\":[\"no such tag\"]}"),
                "new_manga_tags_included", "unknown tag");
        assertBad(send("PATCH", "/api/me/preferences", "{\"languages\":[]}"), "languages", "at least one");
        assertBad(send("PATCH", "/api/me/preferences", "{\"content_ratings\":[\"nsfw\"]}"), "content_ratings", "one of");
        assertBad(send("PATCH", "/api/me/preferences", "{\"new_manga\":null,\"x\":\"a\\u0000b\"}"), "x", null);
        assertThat(stack.send("GET", "/api/me/library", ruled.token(), null).body()).isEqualTo(before);
        assertThat(stack.parse(stack.send("GET", "/api/me/preferences", ruled.token(), null).body())
                .path("manga_update").asBoolean()).as("nothing half-written").isTrue();
        assertThat(stack.send("PATCH", "/api/me/library/" + manga, null, "{\"muted\":true}").statusCode()).isEqualTo(401);
        assertThat(stack.send("PATCH", "/api/me/preferences", null, "{}").statusCode()).isEqualTo(401);
        assertThat(stack.send("PUT", "/api/me/library/" + UUID.randomUUID() + "/progress", ruled.token(),
                "{\"chapter\":\"1\"}").statusCode()).isEqualTo(404);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void assertBad(HttpResponse<String> response, String field, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = stack.parse(response.body());
        assertThat(body.path("error").asText()).isNotEmpty();
        assertThat(body.path("field").asText()).isEqualTo(field);
        if (messagePart != null) assertThat(body.path("message").asText()).contains(messagePart);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return stack.send(method, path, ruled.token(), body);
    }

    private JsonNode patch(String path, String body, int status) {
        HttpResponse<String> response = send("PATCH", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return stack.parse(response.body());
    }

    private JsonNode put(String path, String body, int status) {
        HttpResponse<String> response = send("PUT", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return stack.parse(response.body());
    }

    private void patchAs(NewUser user, String body) {
        HttpResponse<String> response = stack.send("PATCH", "/api/me/preferences", user.token(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** A chapter as sync stores it (groups named "Group A"/"Group B"), returning its NEW_CHAPTER payload. */
    private String chapter(String number, String language, List<UUID> groups, UUID uploader) {
        UUID id = UUID.randomUUID();
        String groupsJson = groups.stream().map(g -> "{\"id\":\"" + g + "\",\"name\":\"Group "
                + (g.equals(GROUP_A) ? "A" : "B") + "\"}").collect(Collectors.joining(",", "[", "]"));
        stack.db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, "
                        + "chapter, chapter_key, groups, uploader, readable_at) values (:id, :manga, :language, :chapter, "
                        + "cast(:chapter as numeric), cast(:groups as jsonb), :uploader, now())")
                .bind("id", id).bind("manga", mangaId).bind("language", language).bind("chapter", number)
                .bind("groups", groupsJson).bind("uploader", uploader).execute());
        return "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\",\"chapter\":\"" + number
                + "\",\"language\":\"" + language + "\",\"chapter_id\":\"" + id + "\"}";
    }

    private void announce(String payload) {
        enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, payload);
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);
    }

    private void enqueue(OutboxWriter.Type type, long series, String payload) {
        stack.outbox.enqueue(type, series, payload, null, clock.instant()).orElseThrow();
    }

    private UUID tag(String name) {
        UUID id = UUID.randomUUID();
        stack.db.inTransaction(h -> h.createUpdate("insert into tags (id, name, tag_group) values (:id, :name, 'genre')")
                .bind("id", id).bind("name", name).execute());
        return id;
    }

    private void newManga(String title, String rating, String originalLanguage, String demographic, UUID... tags) {
        UUID id = UUID.randomUUID();
        long local = stack.insertManga(id, title);
        stack.db.inTransaction(h -> {
            h.createUpdate("update manga set content_rating = :r, original_language = :o, demographic = :d where id = :id")
                    .bind("r", rating).bind("o", originalLanguage).bind("d", demographic).bind("id", local).execute();
            for (UUID tag : tags) {
                h.createUpdate("insert into manga_tags (manga_id, tag_id) values (:m, :t)").bind("m", local).bind("t", tag).execute();
            }
            return null;
        });
        enqueue(OutboxWriter.Type.NEW_MANGA, local, "{\"manga_id\":\"" + id + "\",\"title\":\"" + title + "\"}");
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);
    }

    private List<JsonNode> restLog(NewUser user) {
        JsonNode body = stack.parse(stack.send("GET", "/api/me/notifications?after=0", user.token(), null).body());
        return java.util.stream.StreamSupport.stream(body.path("notifications").spliterator(), false).toList();
    }

    /** The chapters in a reader's REST log: "2" when all are English, else "2 fr". */
    private List<String> chaptersOf(NewUser user) {
        List<JsonNode> log = restLog(user).stream().filter(n -> n.path("type").asText().equals("NEW_CHAPTER")).toList();
        boolean oneLanguage = log.stream().allMatch(n -> n.path("payload").path("language").asText().equals("en"));
        return log.stream().map(n -> n.path("chapter").asText()
                + (oneLanguage ? "" : " " + n.path("payload").path("language").asText())).toList();
    }

    private List<String> typesOf(NewUser user) {
        return restLog(user).stream().map(n -> n.path("type").asText()).toList();
    }

    private List<String> newMangaOf(NewUser user) {
        return restLog(user).stream().filter(n -> n.path("type").asText().equals("NEW_MANGA"))
                .map(n -> n.path("title").asText()).toList();
    }

    private List<Long> idsOf(NewUser user) {
        return restLog(user).stream().map(n -> n.path("id").asLong()).toList();
    }

    private String progress() {
        JsonNode library = stack.parse(stack.send("GET", "/api/me/library", ruled.token(), null).body()).path("library");
        return library.get(0).path("progress").path("chapter").asText(null);
    }
}
