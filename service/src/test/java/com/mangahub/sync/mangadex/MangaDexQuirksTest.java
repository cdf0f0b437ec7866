package com.mangahub.sync.mangadex;

import static com.mangahub.sync.mangadex.Fixtures.CHAPTER_LIST;
import static com.mangahub.sync.mangadex.Fixtures.CHAPTER_SINGLE;
import static com.mangahub.sync.mangadex.Fixtures.MANGA_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.App;
import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every MangaDex quirk of docs/mangadex/README.md, one test each, served from the real fixtures over HTTP. */
class MangaDexQuirksTest {
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ScriptedServer server;
    private MangaDexClient client;

    private MangaDexClient serving(String body) {
        server = ScriptedServer.start(time, request -> ScriptedServer.json(body));
        client = new MangaDexClient(Fixtures.config(server.baseUri(), 4), new SimpleMeterRegistry(),
                App.jsonMapper(), time, time::sleep);
        return client;
    }

    @AfterEach
    void everyRequestMatchedTheOfficialSpec() {
        client.close();
        server.close();
        assertThat(ContractCheck.violations(server.requests())).isEmpty();
    }

    private List<Manga> mangaPageWhere(Consumer<ObjectNode> firstMangaAttributes) {
        String body = Fixtures.variant(MANGA_LIST,
                root -> firstMangaAttributes.accept((ObjectNode) root.get("data").get(0).get("attributes")));
        return serving(body).listManga(MangaQuery.createdSince(Optional.empty(), 0, 100)).items();
    }

    @Test
    void theRealMangaPageMapsEverySeriesWithItsUncappedTotal() {
        Page<Manga> page = serving(Fixtures.text(MANGA_LIST)).listManga(MangaQuery.createdSince(Optional.empty(), 0, 100));
        assertThat(page.items()).hasSize(100);
        assertThat(page.total()).isEqualTo(85451);
        Manga killerApe = page.items().getFirst();
        assertThat(killerApe.title()).isEqualTo("Killer Ape");
        assertThat(killerApe.slug()).isEqualTo("killer-ape");
        assertThat(killerApe.authors()).containsExactly("Kawabe Masamichi");
        assertThat(killerApe.artists()).isNotEmpty();
        assertThat(killerApe.coverUrl()).hasValueSatisfying(url -> assertThat(url)
                .startsWith("https://uploads.mangadex.org/covers/834374fe-6a8a-4279-a4cc-db0423934457/"));
        assertThat(killerApe.tags()).extracting(t -> t.group() + ":" + t.name())
                .containsExactly("genre:Action", "genre:Sci-Fi", "theme:Post-Apocalyptic", "theme:Virtual Reality");
        assertThat(killerApe.finalChapter()).contains("47");
    }

    @Test
    void emptyDescriptionSentAsAnEmptyArrayIsAnEmptyMap() {
        Manga m = mangaPageWhere(a -> a.putArray("description")).getFirst();
        assertThat(m.description()).isEmpty();
    }

    @Test
    void emptyDescriptionSentAsAnEmptyObjectIsAnEmptyMap() {
        Manga m = mangaPageWhere(a -> a.putObject("description")).getFirst();
        assertThat(m.description()).isEmpty();
    }

    @Test
    void descriptionAndLinksSentAsNullAreAccepted() {
        Manga m = mangaPageWhere(a -> a.putNull("description").putNull("links")).getFirst();
        assertThat(m.description()).isEmpty();
        assertThat(m.title()).isEqualTo("Killer Ape");
    }

    @Test
    void tagDescriptionAsAnEmptyArrayAndTagNamesAsLanguageMapsAreAccepted() {
        Manga m = mangaPageWhere(a -> ((ObjectNode) a.get("tags").get(0).get("attributes")).putArray("description"))
                .getFirst();
        assertThat(m.tags()).hasSize(4);
    }

    @Test
    void lastChapterEmptyOrNullOnOngoingSeriesIsNoFinalChapter() {
        List<Manga> page = serving(Fixtures.text(MANGA_LIST)).listManga(MangaQuery.createdSince(Optional.empty(), 0, 100)).items();
        List<Manga> ongoing = page.stream().filter(m -> m.status().equals(Optional.of("ongoing"))).toList();
        assertThat(ongoing).hasSize(64).allSatisfy(m -> assertThat(m.finalChapter()).isEmpty());
        assertThat(byId(page, "0a580438-bc72-4503-940b-12a5da881b56").finalChapter()).isEmpty(); // null in the fixture
    }

    @Test
    void nullYearAndNullDemographicAreAbsentValues() {
        List<Manga> page = serving(Fixtures.text(MANGA_LIST)).listManga(MangaQuery.createdSince(Optional.empty(), 0, 100)).items();
        assertThat(byId(page, "f1e02be8-ec68-4732-8e3b-75b81978d914").year()).isEmpty();
        assertThat(page).filteredOn(m -> m.demographic().isEmpty()).hasSize(39);
    }

    @Test
    void aTitleWithoutEnglishFallsBackDeterministically() {
        List<Manga> page = serving(Fixtures.text(MANGA_LIST)).listManga(MangaQuery.createdSince(Optional.empty(), 0, 100)).items();
        Manga noEnglish = byId(page, "15192c18-06a5-4f13-a694-5acf6536a54d");
        assertThat(noEnglish.titles()).doesNotContainKey("en");
        assertThat(noEnglish.title()).isNotBlank().isEqualTo(com.mangahub.sync.manga.Titles
                .preferred(noEnglish.titles(), noEnglish.altTitles()).orElseThrow());
    }

    @Test
    void aNullTitleFallsBackToAnAltTitle() {
        Manga withAlt = mangaPageWhere(a -> a.putNull("title")).getFirst();
        assertThat(withAlt.title()).isEqualTo("ＫＩＬＬＥＲ　ＡＰＥ");
    }

    @Test
    void aSeriesWithNoTitleInAnyLanguageIsUntitled() {
        Manga bare = mangaPageWhere(a -> a.putNull("title").putArray("altTitles")).getFirst();
        assertThat(bare.title()).isEqualTo(MangaMapping.UNTITLED);
        assertThat(bare.slug()).isEqualTo("untitled");
    }

    @Test
    void unknownEnumValuesAndUnknownFieldsAreKeptOrIgnored() {
        Manga m = mangaPageWhere(a -> {
            a.put("status", "on_break").put("publicationDemographic", "kodomo").put("contentRating", "cute");
            a.putObject("somethingNew").put("nested", true);
            ((ObjectNode) a.get("tags").get(0).get("attributes")).put("group", "mood");
        }).getFirst();
        assertThat(m.status()).contains("on_break");
        assertThat(m.demographic()).contains("kodomo");
        assertThat(m.contentRating()).contains("cute");
        assertThat(m.tags()).extracting(t -> t.group()).contains("mood");
    }

    @Test
    void nullAndDecimalChapterNumbersKeepTextAndSortKey() {
        List<Chapter> chapters = serving(Fixtures.text(CHAPTER_LIST)).listChapters(anyChapters()).items();
        Chapter decimal = byChapterId(chapters, "a321ba6c-f723-434f-8119-5b898e86980a");
        assertThat(decimal.number().text()).contains("6.5");
        assertThat(decimal.number().sortKey()).contains(new BigDecimal("6.5"));
        Chapter oneshot = byChapterId(chapters, "d186aaeb-3968-4d9f-b6f9-d49b40bda193");
        assertThat(oneshot.number().text()).isEmpty();
        assertThat(oneshot.volume()).isEmpty();
        assertThat(chapters).hasSize(100).filteredOn(c -> c.title().isEmpty()).hasSize(94);
    }

    @Test
    void aChapterCreditingSeveralGroupsKeepsEveryGroup() {
        String body = Fixtures.listOf(Fixtures.tree(CHAPTER_SINGLE).get("data")).toString();
        Chapter chapter = serving(body).listChapters(anyChapters()).items().getFirst();
        assertThat(chapter.groups()).extracting(g -> g.name()).containsExactly("S.T.A.L.K.E.R.", "/a/nonymous");
    }

    @Test
    void theUploaderComesFromTheUserRelationship() {
        var entity = Fixtures.tree(CHAPTER_LIST).get("data").get(0);
        UUID user = UUID.fromString(relationship((ArrayNode) entity.get("relationships"), "user").get("id").asText());
        Chapter chapter = serving(Fixtures.text(CHAPTER_LIST)).listChapters(anyChapters()).items().getFirst();
        assertThat(chapter.uploader()).contains(user);
        assertThat(chapter.mangaId()).isNotNull();
    }

    @Test
    void anEmptyAnswerWithStatus204IsAnEmptyPage() {
        server = ScriptedServer.start(time, r -> new ScriptedServer.Reply.Body(204, "application/json", new byte[0],
                java.util.Map.of()));
        client = new MangaDexClient(Fixtures.config(server.baseUri(), 4), new SimpleMeterRegistry(),
                App.jsonMapper(), time, time::sleep);
        assertThat(client.listChapters(anyChapters()).items()).isEmpty();
        assertThat(client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 100)).hasMore()).isFalse();
        assertThat(client.feed(UUID.randomUUID(), FeedQuery.languages(List.of("en")))).isEmpty();
    }

    @Test
    void anAggregateWithVolumesAsAnEmptyArrayHasNoChapters() {
        Aggregate aggregate = serving(Fixtures.text(Fixtures.AGGREGATE_EMPTY)).aggregate(UUID.randomUUID(), List.of("en"));
        assertThat(aggregate.chaptersByVolume()).isEmpty();
    }

    @Test
    void anAggregateKeepsChaptersWithoutVolumeUnderNone() {
        Aggregate aggregate = serving(Fixtures.text(Fixtures.AGGREGATE)).aggregate(UUID.randomUUID(), List.of("en"));
        assertThat(aggregate.chaptersByVolume()).containsKey(Aggregate.NO_VOLUME).containsKey("11");
        assertThat(aggregate.chaptersByVolume().get(Aggregate.NO_VOLUME)).extracting(n -> n.toString()).containsExactly("231");
        assertThat(aggregate.chapterCount()).isEqualTo(100);
    }

    @Test
    void aSingleCompletedSeriesMapsWithItsFinalChapter() {
        Optional<Manga> manga = serving(Fixtures.text(Fixtures.MANGA_SINGLE)).manga(UUID.randomUUID());
        assertThat(manga).hasValueSatisfying(m -> {
            assertThat(m.status()).contains("completed");
            assertThat(m.finalChapter()).isPresent();
            assertThat(m.coverUrl()).isPresent();
        });
    }

    private static ChapterQuery anyChapters() {
        return ChapterQuery.updatedSince(Instant.parse("2025-01-01T00:00:00Z"), List.of("en"), 0, 100);
    }

    private static Manga byId(List<Manga> page, String id) {
        return page.stream().filter(m -> m.id().toString().equals(id)).findFirst().orElseThrow();
    }

    private static Chapter byChapterId(List<Chapter> chapters, String id) {
        return chapters.stream().filter(c -> c.id().toString().equals(id)).findFirst().orElseThrow();
    }

    private static ObjectNode relationship(ArrayNode relationships, String type) {
        for (var r : relationships) if (type.equals(r.get("type").asText())) return (ObjectNode) r;
        throw new AssertionError("no " + type + " relationship");
    }
}
