package com.mangahub.sync.notify.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.support.PostgresExtension;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xml.sax.InputSource;

/**
 * The three feeds over real HTTP on the test PostgreSQL: ROME's parser (the same library's reader, which checks
 * nothing we wrote by hand) reads Atom and RSS back, JSON Feed is held to the 1.1 spec's required fields; validators
 * give 304s; revoked and replaced tokens 404; hostile titles stay text; a reader's feed holds only their entries.
 */
@ExtendWith(PostgresExtension.class)
class FeedRoutesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private NotifyStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID manga = UUID.randomUUID();
    private final UUID chapter = UUID.randomUUID();
    private long mangaId;
    private UserAccounts.NewUser alice;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        mangaId = stack.insertManga(manga, "Frieren");
        alice = stack.user("alice");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void romeParsesTheAtomAndRssFeedsAndJsonFeedHasEverythingTheSpecRequires() throws Exception {
        chapterRow(chapter, "12", "3", "The Journey", "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Lupi Scans\"}]");
        long older = notification(alice, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\"}", "m1");
        long newer = notification(alice, "NEW_CHAPTER", chapterPayload("Frieren", "12", "11", chapter, "fr", null), "c12");
        Map<String, String> feeds = rotate(alice.token());

        SyndFeed atom = rome(get(feeds.get("atom"), Map.of()).body());
        assertThat(atom.getFeedType()).isEqualTo("atom_1.0");
        SyndFeed rss = rome(get(feeds.get("rss"), Map.of()).body());
        assertThat(rss.getFeedType()).isEqualTo("rss_2.0");
        for (SyndFeed feed : List.of(atom, rss)) {
            assertThat(feed.getTitle()).isEqualTo("MangaHub Sync: alice's notifications");
            assertThat(feed.getEntries()).extracting(SyndEntry::getUri).as("newest first, stable ids")
                    .containsExactly("urn:mangahub-sync:notification:" + newer, "urn:mangahub-sync:notification:" + older);
            SyndEntry first = feed.getEntries().getFirst();
            assertThat(first.getTitle()).isEqualTo("Frieren — Vol. 3 Chapter 12: The Journey");
            assertThat(first.getLink()).isEqualTo("https://mangadex.org/chapter/" + chapter);
            assertThat(first.getAuthor()).isEqualTo("Lupi Scans");
            assertThat(first.getCategories()).extracting(c -> c.getName()).containsExactly("Frieren", "fr", "Lupi Scans");
            assertThat(first.getPublishedDate().toInstant()).isEqualTo(createdAt(newer).truncatedTo(ChronoUnit.SECONDS));
            assertThat(first.getDescription().getValue()).contains("Series: Frieren").contains("Groups: Lupi Scans")
                    .contains("Language: fr").contains("After chapter 11");
            assertThat(first.getDescription().getValue()).as("one line each, as written")
                    .contains(feed == atom ? "\nGroups: Lupi Scans\n" : "<br>Groups: Lupi Scans<br>");
            SyndEntry second = feed.getEntries().get(1);
            assertThat(second.getTitle()).isEqualTo("New series: Frieren");
            assertThat(second.getLink()).isEqualTo("https://mangadex.org/title/" + manga);
        }
        assertThat(atom.getEntries().getFirst().getUpdatedDate()).isNotNull();
        assertThat(atom.getLinks()).extracting(l -> l.getRel() + " " + l.getHref())
                .contains("self http://127.0.0.1:" + stack.http.port() + feeds.get("atom"));

        HttpResponse<String> json = get(feeds.get("json"), Map.of());
        assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/feed+json");
        JsonNode feed = stack.parse(json.body());
        // JSON Feed 1.1: version (this URL), title and items are required; each item needs a string id and
        // content_html or content_text; dates are RFC 3339; urls are absolute
        assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.get("title").isTextual()).isTrue();
        assertThat(feed.get("items").isArray()).isTrue();
        assertThat(feed.get("items")).hasSize(2);
        for (JsonNode item : feed.get("items")) {
            assertThat(item.get("id").isTextual()).isTrue();
            assertThat(item.get("content_text").isTextual()).isTrue();
            assertThat(item.has("content_html")).as("never HTML").isFalse();
            Instant.parse(item.get("date_published").asText());
            assertThat(URI.create(item.get("url").asText()).isAbsolute()).isTrue();
        }
        JsonNode item = feed.get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo("urn:mangahub-sync:notification:" + newer);
        assertThat(item.get("title").asText()).isEqualTo("Frieren — Vol. 3 Chapter 12: The Journey");
        assertThat(item.get("language").asText()).isEqualTo("fr");
        assertThat(item.get("authors").get(0).get("name").asText()).isEqualTo("Lupi Scans");
        assertThat(item.get("_mangahub").get("chapter_id").asText()).isEqualTo(chapter.toString());
        assertThat(item.get("_mangahub").get("series").asText()).isEqualTo("Frieren");
    }

    @Test
    void aLinkOnlyChapterLinksToThePublisherAndAScriptLinkNeverLeaves() throws Exception {
        UUID scriptChapter = UUID.randomUUID();
        notification(alice, "NEW_CHAPTER", chapterPayload("Frieren", "13", "12", chapter, "en",
                "https://mangaplus.shueisha.co.jp/viewer/1000"), "c13");
        notification(alice, "NEW_CHAPTER", chapterPayload("Frieren", "14", "13", scriptChapter, "en",
                "javascript:alert(1)"), "c14");
        Map<String, String> feeds = rotate(alice.token());
        for (String format : List.of("atom", "rss")) {
            List<SyndEntry> entries = rome(get(feeds.get(format), Map.of()).body()).getEntries();
            assertThat(entries.get(0).getLink()).as(format).isEqualTo("https://mangadex.org/chapter/" + scriptChapter);
            assertThat(entries.get(1).getLink()).as(format).isEqualTo("https://mangaplus.shueisha.co.jp/viewer/1000");
        }
        String json = get(feeds.get("json"), Map.of()).body();
        assertThat(json).doesNotContain("javascript:");
        assertThat(stack.parse(json).get("items").get(1).get("url").asText()).isEqualTo("https://mangaplus.shueisha.co.jp/viewer/1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atom", "rss", "json"})
    void aSecondRequestWithTheETagOrTheDateGets304AndANewNotificationChangesBoth(String format) throws Exception {
        notification(alice, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\"}", "m1");
        String path = rotate(alice.token()).get(format);
        HttpResponse<String> first = get(path, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(etag).as("strong").startsWith("\"").doesNotStartWith("W/");
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("private").contains("max-age=");

        HttpResponse<String> again = get(path, Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(get(path, Map.of("If-None-Match", "W/" + etag + ", \"other\"")).statusCode()).isEqualTo(304);
        assertThat(get(path, Map.of("If-Modified-Since", lastModified)).statusCode()).isEqualTo(304);
        assertThat(get(path, Map.of("If-None-Match", "\"stale\"", "If-Modified-Since", lastModified)).statusCode())
                .as("If-None-Match decides when both are sent").isEqualTo(200);
        assertThat(get(path, Map.of("If-Modified-Since", "yesterday")).statusCode()).as("a bad date is ignored").isEqualTo(200);
        assertThat(get(path, Map.of()).body()).as("the same bytes while nothing changed").isEqualTo(first.body());

        long later = notification(alice, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren 2\"}", "m2",
                Instant.now().plusSeconds(5));
        HttpResponse<String> changed = get(path, Map.of("If-None-Match", etag));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("urn:mangahub-sync:notification:" + later);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(get(path, Map.of("If-Modified-Since", lastModified)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenIs404AndARotatedOneReplacesTheOldAtOnce() throws Exception {
        Map<String, String> old = rotate(alice.token());
        for (String format : List.of("atom", "rss", "json")) assertThat(get(old.get(format), Map.of()).statusCode()).isEqualTo(200);
        JsonNode state = stack.parse(stack.send("GET", "/api/me/feeds", alice.token(), null).body());
        assertThat(state.get("active").asBoolean()).isTrue();
        assertThat(state.has("token")).as("the token is shown once, when made").isFalse();

        Map<String, String> rotated = rotate(alice.token());
        assertThat(rotated.get("token")).isNotEqualTo(old.get("token"));
        for (String format : List.of("atom", "rss", "json")) {
            assertThat(get(old.get(format), Map.of()).statusCode()).as("old " + format).isEqualTo(404);
            assertThat(get(rotated.get(format), Map.of()).statusCode()).as("new " + format).isEqualTo(200);
        }

        assertThat(stack.send("DELETE", "/api/me/feeds", alice.token(), null).statusCode()).isEqualTo(204);
        for (String format : List.of("atom", "rss", "json")) {
            HttpResponse<String> gone = get(rotated.get(format), Map.of());
            assertThat(gone.statusCode()).as("revoked " + format).isEqualTo(404);
            assertThat(stack.parse(gone.body()).get("error").asText()).isEqualTo("not_found");
        }
        assertThat(stack.parse(stack.send("GET", "/api/me/feeds", alice.token(), null).body()).get("active").asBoolean()).isFalse();
        assertThat(stack.send("DELETE", "/api/me/feeds", alice.token(), null).statusCode()).as("nothing left to revoke").isEqualTo(404);
        assertThat(stack.count("select count(*) from feed_tokens")).isZero();
        assertThat(get("/feeds/mhf_" + "A".repeat(43) + ".atom", Map.of()).statusCode()).as("made up").isEqualTo(404);
        assertThat(get("/feeds/" + alice.token() + ".atom", Map.of()).statusCode()).as("the API token is no feed token").isEqualTo(404);
    }

    @Test
    void theTokenIsStoredOnlyAsAHashAndTheReaderRoutesNeedTheApiToken() throws Exception {
        Map<String, String> feeds = rotate(alice.token());
        assertThat(stack.count("select count(*) from feed_tokens where position(convert_to(?, 'UTF8') in token_hash) > 0",
                feeds.get("token"))).isZero();
        assertThat(stack.count("select count(*) from feed_tokens where token_hash = sha256(convert_to(?, 'UTF8'))",
                feeds.get("token"))).isEqualTo(1);
        assertThat(stack.send("GET", "/api/me/feeds", null, null).statusCode()).isEqualTo(401);
        assertThat(stack.send("POST", "/api/me/feeds/rotate", null, null).statusCode()).isEqualTo(401);
        assertThat(stack.send("DELETE", "/api/me/feeds", "mh_wrong", null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/me/feeds", feeds.get("token"), null).statusCode())
                .as("a feed token opens the feed, not the account").isEqualTo(401);
        assertThat(get(feeds.get("atom"), Map.of()).statusCode()).as("still the same feed").isEqualTo(200);
    }

    @Test
    void aHostileTitleStaysTextInEveryFormat() throws Exception {
        String hostile = "<script>alert('x')</script><b>Bold</b> & \"q\" ]]>\u0001\uFFFE end";
        notification(alice, "NEW_MANGA", stack.json.createObjectNode().put("manga_id", manga.toString())
                .put("title", hostile).toString(), "m-hostile");
        Map<String, String> feeds = rotate(alice.token());
        String shown = "<script>alert('x')</script><b>Bold</b> & \"q\" ]]> end";

        String atomXml = get(feeds.get("atom"), Map.of()).body();
        String rssXml = get(feeds.get("rss"), Map.of()).body();
        for (String xml : List.of(atomXml, rssXml)) {
            assertThat(xml).doesNotContain("<script").doesNotContain("<b>").contains("&lt;script&gt;")
                    .as("characters XML cannot hold are dropped").doesNotContain("\u0001").doesNotContain("\uFFFE");
            // a real XML parser finds no element where the title was, only its text
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            assertThat(doc.getElementsByTagName("script").getLength()).isZero();
            assertThat(doc.getElementsByTagName("b").getLength()).isZero();
        }
        SyndEntry atom = rome(atomXml).getEntries().getFirst();
        assertThat(atom.getTitle()).isEqualTo("New series: " + shown);
        assertThat(atom.getTitleEx().getType()).isEqualTo("text");
        assertThat(atom.getDescription().getType()).isEqualTo("text");
        SyndEntry rss = rome(rssXml).getEntries().getFirst();
        assertThat(rss.getTitle()).isEqualTo("New series: " + shown);
        // RSS descriptions are HTML to feed readers: escaped, the markup shows as text and never runs
        assertThat(rss.getDescription().getValue()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &amp;")
                .doesNotContain("<script").doesNotContain("<b>");

        JsonNode item = stack.parse(get(feeds.get("json"), Map.of()).body()).get("items").get(0);
        assertThat(item.get("title").asText()).isEqualTo("New series: " + hostile);
        assertThat(item.has("content_html")).isFalse();
    }

    @Test
    void anotherReadersTokenNeverShowsYourEntriesAndReadingAFeedMarksNothing() throws Exception {
        UserAccounts.NewUser bob = stack.user("bob");
        long alices = notification(alice, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"For Alice\"}", "a1");
        long bobs = notification(bob, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"For Bob\"}", "b1");
        Map<String, String> aliceFeeds = rotate(alice.token());
        Map<String, String> bobFeeds = rotate(bob.token());
        for (String format : List.of("atom", "rss", "json")) {
            String bobsFeed = get(bobFeeds.get(format), Map.of()).body();
            assertThat(bobsFeed).as(format).contains("urn:mangahub-sync:notification:" + bobs).contains("For Bob")
                    .doesNotContain("urn:mangahub-sync:notification:" + alices).doesNotContain("For Alice")
                    .doesNotContain("alice");
            assertThat(get(aliceFeeds.get(format), Map.of()).body()).as(format).contains("For Alice").doesNotContain("For Bob");
        }
        assertThat(stack.count("select count(*) from notifications where read_at is not null or delivered_at is not null"))
                .as("feeds mark nothing read or delivered").isZero();
        assertThat(stack.send("DELETE", "/api/me/feeds", bob.token(), null).statusCode()).isEqualTo(204);
        assertThat(get(aliceFeeds.get("atom"), Map.of()).statusCode()).as("bob's revocation is bob's only").isEqualTo(200);
    }

    @Test
    void aChapterTriggeredThroughTheOutboxAppearsAndTheFeedHoldsTheNewestFifty() throws Exception {
        stack.follow(alice.account().id(), mangaId);
        for (int i = 1; i <= FeedRoutes.ENTRIES + 5; i++) {
            notification(alice, "NEW_MANGA", "{\"manga_id\":\"" + manga + "\",\"title\":\"T" + i + "\"}", "m" + i);
        }
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Frieren\",\"chapter\":\"99\",\"old_chapter\":\"98\"}").statusCode()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> stack.count("select count(*) from notifications where type = 'NEW_CHAPTER'") == 1);
        List<SyndEntry> entries = rome(get(rotate(alice.token()).get("atom"), Map.of()).body()).getEntries();
        assertThat(entries).hasSize(FeedRoutes.ENTRIES);
        assertThat(entries.getFirst().getTitle()).isEqualTo("Frieren — Chapter 99");
        assertThat(entries.getFirst().getLink()).as("no chapter id from the trigger: the series page")
                .isEqualTo("https://mangadex.org/title/" + manga);
        assertThat(entries.getLast().getTitle()).isEqualTo("New series: T7");
    }

    // --- helpers

    private Map<String, String> rotate(String token) {
        HttpResponse<String> r = stack.send("POST", "/api/me/feeds/rotate", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = stack.parse(r.body());
        assertThat(body.get("token").asText()).startsWith("mhf_");
        return Map.of("token", body.get("token").asText(), "atom", body.get("atom").asText(),
                "rss", body.get("rss").asText(), "json", body.get("json").asText());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port() + path))
                .timeout(PATIENCE);
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SyndFeed rome(String xml) throws Exception {
        return new SyndFeedInput().build(new StringReader(xml));
    }

    private String chapterPayload(String title, String number, String old, UUID chapterId, String language, String externalUrl) {
        var node = stack.json.createObjectNode().put("manga_id", manga.toString()).put("title", title)
                .put("chapter", number).put("old_chapter", old).put("language", language)
                .put("chapter_id", chapterId.toString());
        node.put("external_url", externalUrl);
        return node.toString();
    }

    private void chapterRow(UUID id, String number, String volume, String title, String groupsJson) {
        stack.db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, "
                        + "chapter, volume, title, groups, readable_at) values (:id, :manga, 'fr', :number, :volume, "
                        + ":title, cast(:groups as jsonb), now())")
                .bind("id", id).bind("manga", mangaId).bind("number", number).bind("volume", volume)
                .bind("title", title).bind("groups", groupsJson).execute());
    }

    private long notification(UserAccounts.NewUser user, String type, String payload, String dedupKey) {
        return notification(user, type, payload, dedupKey, Instant.now());
    }

    /** A row as the dispatcher writes it. */
    private long notification(UserAccounts.NewUser user, String type, String payload, String dedupKey, Instant at) {
        return stack.db.inTransaction(h -> h.createQuery("insert into notifications (user_id, type, manga_id, payload, "
                        + "dedup_key, created_at) values (:user, :type, :manga, cast(:payload as jsonb), :key, :at) returning id")
                .bind("user", user.account().id()).bind("type", type).bind("manga", mangaId).bind("payload", payload)
                .bind("key", dedupKey).bind("at", at).mapTo(Long.class).one());
    }

    private Instant createdAt(long id) {
        return stack.db.inTransaction(h -> h.createQuery("select created_at from notifications where id = :id")
                .bind("id", id).mapTo(Instant.class).one());
    }
}
