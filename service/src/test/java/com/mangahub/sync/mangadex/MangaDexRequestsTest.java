package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.App;
import com.mangahub.sync.Version;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire: headers, explicit filters, batching and paging, date format. */
class MangaDexRequestsTest {
    private static final String EMPTY_PAGE = "{\"result\":\"ok\",\"response\":\"collection\",\"data\":[],\"limit\":10,\"offset\":0,\"total\":0}";
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ScriptedServer server = ScriptedServer.start(time, r -> ScriptedServer.json(EMPTY_PAGE));
    private MangaDexClient client = client(Fixtures.config(server.baseUri(), 4));

    private MangaDexClient client(Config.MangaDex config) {
        return new MangaDexClient(config, new SimpleMeterRegistry(), App.jsonMapper(), time, time::sleep);
    }

    @AfterEach
    void everyRequestMatchedTheOfficialSpec() {
        client.close();
        server.close();
        assertThat(ContractCheck.violations(server.requests())).isEmpty();
    }

    private RecordedRequest only() {
        assertThat(server.requests()).hasSize(1);
        return server.requests().getFirst();
    }

    @Test
    void everyRequestCarriesAnHonestUserAgentAndNoViaHeader() {
        client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 10));
        RecordedRequest request = only();
        assertThat(request.header("User-Agent")).isEqualTo(Version.current().userAgent()).startsWith("MangaHub-Sync/")
                .contains("(+http");
        assertThat(request.header("Via")).isNull();
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void aConfiguredApiKeyIsSentAsABearerToken() {
        client.close();
        Config.MangaDex base = Fixtures.config(server.baseUri(), 4);
        client = client(new Config.MangaDex(base.baseUrl(), Optional.of(new Secret("personal-key")), base.rate(),
                base.connectTimeout(), base.requestTimeout(), base.contentRatings(), base.maxBodyBytes()));
        client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 10));
        assertThat(only().header("Authorization")).isEqualTo("Bearer personal-key");
    }

    @Test
    void contentRatingsComeFromConfigurationWhenTheQueryNamesNone() {
        client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 10));
        assertThat(only().param("contentRating[]")).containsExactly("safe", "suggestive", "erotica", "pornographic");
    }

    @Test
    void contentRatingsOfTheQueryReplaceTheConfiguredOnes() {
        client.listManga(new MangaQuery(Optional.empty(), Optional.empty(), SortOrder.desc("updatedAt"), 0, 10,
                List.of("safe")));
        RecordedRequest request = only();
        assertThat(request.param("contentRating[]")).containsExactly("safe");
        assertThat(request.param("order[updatedAt]")).containsExactly("desc");
    }

    @Test
    void mangaListsAskForAuthorArtistAndCoverAndAnExplicitOrder() {
        client.listManga(MangaQuery.createdSince(Optional.of(Instant.parse("2024-05-06T07:08:09.123Z")), 200, 100));
        RecordedRequest request = only();
        assertThat(request.param("includes[]")).containsExactly("author", "artist", "cover_art");
        assertThat(request.param("order[createdAt]")).containsExactly("asc");
        assertThat(request.param("createdAtSince")).containsExactly("2024-05-06T07:08:09");
        assertThat(request.param("limit")).containsExactly("100");
        assertThat(request.param("offset")).containsExactly("200");
    }

    @Test
    void theChapterStreamSendsItsCursorLanguagesAndGroupExpansion() {
        client.listChapters(ChapterQuery.updatedSince(Instant.parse("2026-01-01T10:00:00Z"), List.of("en", "pt-br"), 0, 100));
        RecordedRequest request = only();
        assertThat(request.path()).isEqualTo("/chapter");
        assertThat(request.param("updatedAtSince")).containsExactly("2026-01-01T10:00:00");
        assertThat(request.param("order[updatedAt]")).containsExactly("asc");
        assertThat(request.param("translatedLanguage[]")).containsExactly("en", "pt-br");
        assertThat(request.param("includes[]")).containsExactly("scanlation_group");
        assertThat(request.param("contentRating[]")).hasSize(4);
    }

    @Test
    void theIncludeFlagsAreSentAsOneOrZeroAndLeftOutWhenUnset() {
        Instant since = Instant.parse("2026-01-01T10:00:00Z");
        client.listChapters(new ChapterQuery(Optional.of(since), Optional.empty(), Optional.empty(), List.of("en"),
                SortOrder.asc("createdAt"), 0, 100, true, List.of(), Optional.of(true), Optional.of(false)));
        RecordedRequest request = only();
        assertThat(request.param("includeFuturePublishAt")).containsExactly("1");
        assertThat(request.param("includeExternalUrl")).containsExactly("0");
        assertThat(request.param("includeEmptyPages")).isEmpty();
        assertThat(request.param("createdAtSince")).containsExactly("2026-01-01T10:00:00");
        client.listChapters(ChapterQuery.updatedSince(since, List.of("en"), 0, 100));
        assertThat(server.requests().getLast().param("includeFuturePublishAt")).isEmpty();
    }

    @Test
    void idsAreSentInBatchesOf100WithALimitMatchingEachBatch() {
        List<UUID> ids = IntStream.range(0, 250).mapToObj(i -> UUID.randomUUID()).toList();
        client.mangaByIds(ids);
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests()).extracting(r -> r.param("ids[]").size()).containsExactly(100, 100, 50);
        assertThat(server.requests()).extracting(r -> r.param("limit").getFirst()).containsExactly("100", "100", "50");
        assertThat(server.requests().stream().flatMap(r -> r.param("ids[]").stream()).toList())
                .isEqualTo(ids.stream().map(UUID::toString).toList());
    }

    @Test
    void aFeedIsReadInPagesOf500UntilTheTotalIsReached() {
        UUID manga = UUID.randomUUID();
        server.script(r -> ScriptedServer.json(feedPage(manga, 0, Integer.parseInt(r.param("offset").getFirst()), 500, 1200)));
        var chapters = client.feed(manga, FeedQuery.languages(List.of("en")));
        assertThat(chapters).hasSize(1200);
        assertThat(server.requests()).extracting(r -> r.param("offset").getFirst()).containsExactly("0", "500", "1000");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.param("limit")).containsExactly("500");
            assertThat(r.param("contentRating[]")).contains("pornographic");
            assertThat(r.path()).isEqualTo("/manga/" + manga + "/feed");
        });
    }

    @Test
    void aFeedPastTheResultWindowContinuesByCreatedAtSince() {
        UUID manga = UUID.randomUUID();
        server.script(r -> {
            int offset = Integer.parseInt(r.param("offset").getFirst());
            int skip = r.param("createdAtSince").isEmpty() ? 0 : 10_000 - 1; // the edge chapter comes again
            return ScriptedServer.json(feedPage(manga, skip, offset, 500, 10_300));
        });
        var chapters = client.feed(manga, FeedQuery.languages(List.of("en")));
        assertThat(chapters).hasSize(10_300).doesNotHaveDuplicates();
        RecordedRequest keyset = server.requests().getLast();
        assertThat(keyset.param("offset")).containsExactly("0");
        assertThat(keyset.param("createdAtSince")).hasSize(1);
        assertThat(server.requests()).allSatisfy(r ->
                assertThat(Integer.parseInt(r.param("offset").getFirst()) + 500).isLessThanOrEqualTo(10_000));
    }

    @Test
    void aPagePastTheResultWindowIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.listManga(MangaQuery.createdSince(Optional.empty(), 9950, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createdAtSince");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void consecutiveCallsReuseOneConnection() {
        for (int i = 0; i < 5; i++) client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 10));
        assertThat(server.requests()).extracting(RecordedRequest::clientPort).containsOnly(server.requests().getFirst().clientPort());
    }

    /**
     * A synthetic feed page: chapter {@code n} is the single-chapter fixture with its own id and createdAt. With
     * {@code skip}, the feed starts at chapter {@code skip} (what a createdAtSince filter does).
     */
    private static String feedPage(UUID manga, int skip, int offset, int limit, int total) {
        ObjectNode template = (ObjectNode) Fixtures.tree(Fixtures.CHAPTER_SINGLE).get("data");
        ObjectNode page = Fixtures.JSON.createObjectNode().put("result", "ok").put("response", "collection");
        ArrayNode data = page.putArray("data");
        for (int n = skip + offset; n < Math.min(total, skip + offset + limit); n++) {
            ObjectNode chapter = template.deepCopy().put("id", new UUID(manga.getMostSignificantBits(), n).toString());
            ((ObjectNode) chapter.get("attributes")).put("createdAt", Instant.parse("2020-01-01T00:00:00Z")
                    .plusSeconds(60L * n).toString()).put("chapter", Integer.toString(n));
            ArrayNode relationships = (ArrayNode) chapter.get("relationships");
            relationships.addObject().put("id", manga.toString()).put("type", "manga");
            data.add(chapter);
        }
        return page.put("limit", limit).put("offset", offset).put("total", total - skip).toString();
    }
}
