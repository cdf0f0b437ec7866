package com.mangahub.sync.simulator;

import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance 1: each MangaDex rule answered as MangaDex answers it (status, error title, headers). */
class ApiRulesTest {
    static final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));
    static Simulator simulator;
    static SimClient client;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(120, 3000).withRatePerSecond(0).withClock(clock));
        client = new SimClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static void assertError(HttpResponse<String> response, int status, String title, String detailPart) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = SimClient.parse(response.body());
        assertThat(body.get("result").asText()).isEqualTo("error");
        JsonNode error = body.at("/errors/0");
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("title").asText()).isEqualTo(title);
        assertThat(error.get("detail").asText()).contains(detailPart);
        assertThat(error.has("id")).isTrue();
        assertThat(error.has("context")).isTrue();
    }

    static void assertError(SimClient.RawResponse response, int status, String title, String detailPart) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/json");
        JsonNode error = SimClient.parse(response.body()).at("/errors/0");
        assertThat(error.get("title").asText()).isEqualTo(title);
        assertThat(error.get("detail").asText()).contains(detailPart);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/manga?limit=101", "/chapter?limit=101", "/manga/%s/feed?limit=501",
            "/manga/%s/feed?limit=0", "/manga?limit=-1", "/chapter?offset=abc"})
    void aLimitOutsideTheEndpointsRangeIs400(String query) {
        assertError(client.get(query.formatted(anyManga())), 400, "validation_exception", "Error validating /");
    }

    @Test
    void theEdgesOfTheLimitRangesAreAccepted() {
        assertThat(client.get("/manga?limit=100").statusCode()).isEqualTo(200);
        assertThat(client.get("/chapter?limit=0").statusCode()).isEqualTo(200);
        assertThat(client.get("/manga/" + anyManga() + "/feed?limit=500").statusCode()).isEqualTo(200);
        assertThat(client.json("/manga").get("limit").asInt()).as("the default limit is 10").isEqualTo(10);
        assertThat(client.json("/manga/" + anyManga() + "/feed").get("limit").asInt()).isEqualTo(100);
    }

    @Test
    void anOffsetPlusLimitPastTenThousandIsTheResultWindowError() {
        assertError(client.get("/chapter?offset=9901&limit=100"), 400, "bad_request_http_exception", "Result window is too large");
        assertError(client.get("/manga?offset=10000&limit=1"), 400, "bad_request_http_exception", "Result window is too large");
        assertThat(client.get("/chapter?offset=9900&limit=100").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00Z", "2024-01-01", "2024-01-01T00:00:00.000", "2024-01-01T00:00:00+00:00",
            "2024-01-01 00:00:00", "2024-13-01T00:00:00", "2024-02-31T00:00:00"})
    void aDateOutsideTheStrictPatternIs400(String since) {
        for (String name : List.of("createdAtSince", "updatedAtSince", "publishAtSince")) {
            assertError(client.get("/chapter?" + name + "=" + since.replace("+", "%2B").replace(" ", "%20")), 400, "validation_exception", name);
        }
        assertError(client.get("/manga?createdAtSince=" + since.replace("+", "%2B").replace(" ", "%20")), 400, "validation_exception", "createdAtSince");
    }

    @Test
    void atMostOneHundredIdsAreAcceptedAndOnlyLimitOfThemComeBack() {
        List<UUID> ids = simulator.world().mangaIds().subList(0, 20);
        String query = ids.stream().map(id -> "ids[]=" + id).collect(Collectors.joining("&"));
        assertThat(client.json("/manga?" + query + "&contentRating[]=safe&contentRating[]=suggestive&contentRating[]=erotica"
                + "&contentRating[]=pornographic").get("data")).as("default limit 10").hasSize(10);
        JsonNode all = client.json("/manga?limit=20&" + query + "&contentRating[]=safe&contentRating[]=suggestive"
                + "&contentRating[]=erotica&contentRating[]=pornographic");
        assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(ids);
        String tooMany = IntStream.range(0, 101).mapToObj(i -> "ids[]=" + UUID.randomUUID()).collect(Collectors.joining("&"));
        assertError(client.get("/manga?" + tooMany), 400, "validation_exception", "ids[]");
        assertError(client.get("/chapter?" + tooMany), 400, "validation_exception", "ids[]");
    }

    @Test
    void pornographicSeriesAreHiddenUnlessAskedForAlsoInTheirFeeds() {
        UUID porn = mangaRated(ContentRating.PORNOGRAPHIC);
        UUID chapter = simulator.world().publishChapter(porn, "en");
        assertThat(client.json("/manga?ids[]=" + porn).get("total").asInt()).isZero();
        assertThat(client.json("/manga?ids[]=" + porn + "&contentRating[]=pornographic").get("total").asInt()).isOne();
        assertThat(ids(client.json("/manga/" + porn + "/feed"))).isEmpty();
        assertThat(ids(client.json("/manga/" + porn + "/feed?contentRating[]=pornographic"))).contains(chapter);
        assertThat(ids(client.json("/chapter?ids[]=" + chapter))).isEmpty();
        assertThat(client.json("/manga/" + porn).at("/data/id").asText()).as("a single series is always served").isEqualTo(porn.toString());
    }

    @Test
    void feedsHideFuturePublishAtByDefaultAndTheIncludeFlagsAreThreeValued() {
        UUID series = mangaRated(ContentRating.SAFE);
        World world = simulator.world();
        UUID now = world.publish(NewChapter.of(series, "en"));
        UUID later = world.publish(NewChapter.of(series, "en").withPublishDelay(Duration.ofDays(3)));
        UUID external = world.publish(NewChapter.of(series, "en").withExternalUrl("https://mangaplus.shueisha.co.jp/viewer/1"));
        String feed = "/manga/" + series + "/feed?limit=500";

        assertThat(ids(client.json(feed))).contains(now, external).doesNotContain(later);
        assertThat(ids(client.json(feed + "&includeFuturePublishAt=1"))).containsExactly(later);
        assertThat(ids(client.json(feed + "&includeFuturePublishAt=0"))).contains(now, external).doesNotContain(later);
        assertThat(ids(client.json(feed + "&includeExternalUrl=1"))).contains(external).doesNotContain(now);
        assertThat(ids(client.json(feed + "&includeExternalUrl=0"))).as("any flag drops the default: the future one is back")
                .contains(now, later).doesNotContain(external);
        assertThat(ids(client.json(feed + "&includeEmptyPages=1"))).contains(external).doesNotContain(now);
        assertError(client.get(feed + "&includeFuturePublishAt=yes"), 400, "validation_exception", "includeFuturePublishAt");

        clock.advance(Duration.ofDays(4));
        assertThat(ids(client.json(feed))).as("readable once publishAt has passed").contains(later);
    }

    @Test
    void aLinkOnlyChapterIsReadableSinceItsCreationWithAPublishAtYearsAheadAndIsListedOnlyWhenAskedFor() {
        UUID series = mangaRated(ContentRating.SAFE);
        World world = simulator.world();
        UUID ordinary = world.publish(NewChapter.of(series, "en"));
        UUID link = world.publish(NewChapter.of(series, "en").asLinkOnly("https://mangaplus.shueisha.co.jp/viewer/7"));
        JsonNode a = client.json("/chapter/" + link).at("/data/attributes");
        assertThat(a.get("externalUrl").asText()).isEqualTo("https://mangaplus.shueisha.co.jp/viewer/7");
        assertThat(a.get("pages").asInt()).isZero();
        assertThat(a.get("readableAt").asText()).isEqualTo(a.get("createdAt").asText());
        assertThat(java.time.OffsetDateTime.parse(a.get("publishAt").asText()).toInstant())
                .isAfter(world.now().plus(Duration.ofDays(365 * 10)));

        String since = "&createdAtSince=" + Timestamps.format(world.now().minusSeconds(60)).substring(0, 19);
        String list = "/chapter?limit=100&order[createdAt]=asc" + since;
        assertThat(ids(client.json(list))).as("hidden by default, as a future publishAt").contains(ordinary)
                .doesNotContain(link);
        assertThat(ids(client.json(list + "&includeFuturePublishAt=1&includeExternalUrl=1"))).containsExactly(link);
        assertThat(ids(client.json(list + "&includeFuturePublishAt=0"))).contains(ordinary).doesNotContain(link);
        assertThat(ids(client.json("/manga/" + series + "/feed?includeFuturePublishAt=1"))).containsExactly(link);
    }

    @Test
    void includesExpandRelationshipsAndLeaveThemBareOtherwise() {
        JsonNode bare = client.json("/manga?limit=5");
        bare.get("data").forEach(m -> m.get("relationships").forEach(r -> assertThat(r.has("attributes")).isFalse()));
        JsonNode expanded = client.json("/manga?limit=5&includes[]=author&includes[]=artist&includes[]=cover_art");
        for (JsonNode m : expanded.get("data")) {
            for (JsonNode r : m.get("relationships")) {
                switch (r.get("type").asText()) {
                    case "author", "artist" -> assertThat(r.at("/attributes/name").asText()).isNotBlank();
                    case "cover_art" -> assertThat(r.at("/attributes/fileName").asText()).endsWith(".jpg");
                    default -> assertThat(r.has("attributes")).isFalse();
                }
            }
        }
        JsonNode chapters = client.json("/chapter?limit=5&includes[]=manga&includes[]=scanlation_group&includes[]=user");
        for (JsonNode c : chapters.get("data")) {
            Set<String> types = new HashSet<>();
            c.get("relationships").forEach(r -> {
                types.add(r.get("type").asText());
                assertThat(r.has("attributes")).as(r.toString()).isTrue();
            });
            assertThat(types).contains("manga", "scanlation_group", "user");
        }
        assertError(client.get("/chapter?includes[]=author"), 400, "validation_exception", "includes[]");
    }

    @Test
    void aMissingUserAgentIsRefusedAndSoIsAViaHeader() {
        // the JDK client always sends a User-Agent of its own, so this request is written by hand
        assertError(client.rawGetWithoutUserAgent("/manga"), 400, "bad_request_http_exception", "User-Agent");
        assertError(client.send(client.request("/manga").header("User-Agent", SimClient.USER_AGENT).header("Via", "1.1 proxy").build()),
                403, "forbidden_http_exception", "Via");
    }

    @Test
    void unknownThingsAre404InMangaDexShape() {
        assertError(client.get("/manga/" + UUID.randomUUID()), 404, "not_found_http_exception", "not found");
        assertError(client.get("/author/" + UUID.randomUUID()), 404, "not_found_http_exception", "No route found for \"GET /author/");
        assertError(client.get("/manga/not-a-uuid"), 400, "validation_exception", "id");
    }

    @Test
    void responsesUseTheCollectionEnvelopeAndRfc3339TimesWithAnExplicitOffset() {
        JsonNode page = client.json("/chapter?limit=3&offset=2");
        assertThat(page.get("result").asText()).isEqualTo("ok");
        assertThat(page.get("response").asText()).isEqualTo("collection");
        assertThat(page.get("limit").asInt()).isEqualTo(3);
        assertThat(page.get("offset").asInt()).isEqualTo(2);
        assertThat(page.get("total").asInt()).isGreaterThan(100);
        assertThat(page.at("/data/0/attributes/createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(client.json("/manga/" + anyManga()).get("response").asText()).isEqualTo("entity");
    }

    @Test
    void keysetPagingWithACreatedAtCursorVisitsEveryChapterOnce() {
        Set<String> seen = new HashSet<>();
        String cursor = "2000-01-01T00:00:00";
        int expected = client.json("/chapter?limit=0&contentRating[]=safe").get("total").asInt();
        for (int guard = 0; guard < 100; guard++) {
            JsonNode page = client.json("/chapter?limit=100&order[createdAt]=asc&contentRating[]=safe&createdAtSince=" + cursor);
            int before = seen.size();
            page.get("data").forEach(c -> seen.add(c.get("id").asText()));
            if (page.get("data").size() < 100) break;
            String last = page.at("/data/99/attributes/createdAt").asText();
            cursor = last.substring(0, 19);
            assertThat(seen.size()).as("progress").isGreaterThan(before);
        }
        assertThat(seen).hasSize(expected);
    }

    @Test
    void theAggregateGroupsChaptersByVolumeWithNoneForThoseWithoutAndAnEmptyArrayForNone() {
        UUID series = simulator.world().publishManga();
        assertThat(client.json("/manga/" + series + "/aggregate").get("volumes").isArray()).isTrue();
        simulator.world().publish(NewChapter.of(series, "en").withVolume("1"));
        simulator.world().publish(NewChapter.of(series, "en"));
        JsonNode volumes = client.json("/manga/" + series + "/aggregate").get("volumes");
        assertThat(volumes.fieldNames()).toIterable().containsExactly("none", "1");
        assertThat(volumes.at("/1/chapters/1/count").asInt()).isEqualTo(1);
    }

    static UUID anyManga() {
        return mangaRated(ContentRating.SAFE);
    }

    static UUID mangaRated(ContentRating rating) {
        return simulator.world().read(() -> simulator.world().allManga().stream().filter(m -> m.rating() == rating)
                .map(MangaEntry::id).sorted().findFirst().orElseThrow());
    }

    static List<UUID> ids(JsonNode page) {
        List<UUID> ids = new ArrayList<>();
        page.get("data").forEach(d -> ids.add(UUID.fromString(d.get("id").asText())));
        return ids;
    }
}
