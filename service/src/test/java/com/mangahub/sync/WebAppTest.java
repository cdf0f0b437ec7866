package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.AxeCore;
import com.mangahub.sync.support.HeadlessChromium;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's web app in a real browser (headless Chromium) against the whole service and the simulator: every flow
 * a reader and an operator have, what each page then shows, and axe-core's verdict on each page (no serious or
 * critical violation, light and dark). The screenshots the README shows are taken here.
 */
@ExtendWith(PostgresExtension.class)
class WebAppTest {
    private static final String ADMIN = "web-app-admin-token";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the README's screenshots are written: -Dmangahub.screenshots=../docs/screenshots refreshes them. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("mangahub.screenshots", "target/screenshots"));

    @TempDir
    Path dataDir;

    @Test
    void aReaderFollowsFromSearchOpensTheSeriesPageAndReadsANewChapterLive(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(30, 300));
             App app = App.start(config(sim, 20), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            AxeCore axe = AxeCore.load();
            String token = api.createReader(ADMIN, "web-reader");
            // the mirror holds 20 of MangaDex's 30 series: the reader looks for one of the other 10
            await().atMost(PATIENCE).until(() -> api.send("GET", "/api/manga?size=1", null, null).get("total").asInt() == 20);
            UUID mangaId = mangaDexOnly(sim, api);
            String title = titleOnMangaDex(sim, mangaId);

            signIn(browser, api, token);
            assertThat(browser.text("#who")).startsWith("Signed in as web-reader");
            assertNoSeriousViolations(axe, browser, "the empty notifications page");

            // the catalogue shows what it has at once, without a search
            List<String> asked = new CopyOnWriteArrayList<>();
            browser.standIn(List.of("*/api/manga\\?*"), request -> {
                asked.add(request.url());
                return null; // the server answers: the stand-in only records what the page asked
            });
            browser.eval("location.hash = '#/catalogue'");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-catalogue').hidden").asBoolean());
            await().atMost(PATIENCE).until(() -> browser.text("#results li") != null);
            assertThat(browser.text("#results-summary")).isEqualTo("20 series in the catalogue");
            assertThat(asked.getFirst()).as("no query, no filter").doesNotContain("q=").doesNotContain("remote=");

            // another site's address: the server's message by the search box, no result, nothing followed
            browser.type("#q", "https://example.org/title/0b2bbc61-5b1a-4a9c-b1ee-9a3a58d5e3f4/some-series");
            browser.click("#search button[type=submit]");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('search-error').hidden").asBoolean());
            assertThat(browser.text("#search-error")).startsWith("q: ").contains("another site");
            assertThat(browser.eval("document.getElementById('search-error').getAttribute('role')").asText()).isEqualTo("alert");
            assertThat(browser.text("#results li")).isNull();
            assertNoSeriousViolations(axe, browser, "the catalogue with a refused query");

            // "Search MangaDex" finds the series the mirror lacks; it is followed and unfollowed with one click each
            browser.type("#q", title);
            browser.click("#search-mangadex");
            String result = "#results li[data-manga-id='" + mangaId + "']";
            await().atMost(PATIENCE).until(() -> browser.text(result) != null);
            assertThat(asked.getLast()).contains("remote=always").contains("q=");
            assertThat(browser.text("#results-summary")).matches("\\d+ series found \\(\\d+ from MangaDex\\)");
            assertThat(browser.eval("document.getElementById('search-error').hidden").asBoolean()).isTrue();
            browser.click(result + " button.follow");
            await().atMost(PATIENCE).until(() -> "Unfollow".equals(browser.text(result + " button.follow")));
            assertThat(api.send("GET", "/api/me/library", token, null).get("library").get(0).get("manga_id").asText())
                    .isEqualTo(mangaId.toString());
            browser.click(result + " button.follow");
            await().atMost(PATIENCE).until(() -> "Follow".equals(browser.text(result + " button.follow")));
            assertThat(api.send("GET", "/api/me/library", token, null).get("library")).isEmpty();
            JsonNode series = api.send("GET", "/api/manga/" + mangaId, token, null);

            // search by title with the series' own status and content rating as filters, follow from the list
            browser.eval("document.getElementById('status-filter').value = " + JSON.writeValueAsString(series.get("status").asText()));
            browser.eval("document.getElementById('rating-filter').value = " + JSON.writeValueAsString(series.get("content_rating").asText()));
            browser.click("#search button[type=submit]");
            await().atMost(PATIENCE).until(() -> asked.getLast().contains("status="));
            await().atMost(PATIENCE).until(() -> browser.text(result) != null);
            assertThat(asked.getLast()).contains("content_rating=").doesNotContain("remote=");
            assertThat(browser.text("#page-of")).isEqualTo("Page 1 of 1");
            awaitImageShown(browser, result + " img");
            assertThat(browser.eval("document.querySelector(\"" + result + " img\").getAttribute('src')").asText())
                    .startsWith("/covers/" + mangaId + "/").endsWith(".256.jpg");
            assertNoSeriousViolations(axe, browser, "the catalogue with results");
            browser.colorScheme("dark");
            assertNoSeriousViolations(axe, browser, "the catalogue in dark mode");
            browser.colorScheme("light");
            browser.click(result + " button.follow");
            await().atMost(PATIENCE).until(() -> "Unfollow".equals(browser.text(result + " button.follow")));
            assertThat(api.send("GET", "/api/me/library", token, null).get("library").get(0).get("manga_id").asText())
                    .isEqualTo(mangaId.toString());
            assertThat(browser.standInFailures()).isEmpty();

            // the series page: description, tags, authors, follow state
            browser.click(result + " h2 a");
            await().atMost(PATIENCE).until(() -> title.equals(browser.text("#series-title")));
            assertThat(browser.text("#series-follow-state")).isEqualTo("In your library");
            assertThat(browser.text("#series-follow")).isEqualTo("Unfollow");
            assertThat(browser.text("#series-description")).isEqualTo(series.path("description").asText("No description."));
            assertThat(browser.eval("[...document.querySelectorAll('#series-tags li')].map(li => li.textContent)"))
                    .hasSize(series.get("tags").size());
            if (!series.get("authors").isEmpty()) {
                assertThat(browser.text("#series-authors")).contains(series.get("authors").get(0).asText());
            }
            assertNoSeriousViolations(axe, browser, "the series page");

            // a new chapter arrives live, grouped under its series with cover, chapter title and group, and its link
            sim.world().publish(NewChapter.of(mangaId, "en").withChapter("321.5"));
            browser.eval("location.hash = '#/notifications'");
            String unread = "#notifications section[data-manga-id='" + mangaId + "'] li.unread";
            await().atMost(PATIENCE).until(() -> {
                String shown = browser.text(unread);
                return shown != null && shown.contains("Chapter 321.5");
            });
            JsonNode stored = api.send("GET", "/api/me/notifications", token, null).get("notifications").get(0);
            String chapterId = stored.get("chapter_id").asText();
            if (!stored.get("groups").isEmpty()) {
                String group = stored.get("groups").get(0).asText();
                await().atMost(PATIENCE).until(() -> browser.text(unread).contains(group));
            }
            if (!stored.get("chapter_title").isNull()) {
                await().atMost(PATIENCE).until(() -> browser.text(unread + " .what").endsWith(": " + stored.get("chapter_title").asText()));
            }
            assertThat(browser.text("#notifications section[data-manga-id='" + mangaId + "'] .series-name")).isEqualTo(title);
            awaitImageShown(browser, "#notifications section[data-manga-id='" + mangaId + "'] img");
            assertThat(browser.eval("document.querySelector(\"" + unread + " a.read-link\").href").asText())
                    .isEqualTo("https://mangadex.org/chapter/" + chapterId);
            assertThat(browser.text("#unread")).isEqualTo("1");
            browser.eval("{ const f = document.getElementById('type-filter'); f.value = 'NEW_MANGA'; "
                    + "f.dispatchEvent(new Event('change')); }");
            assertThat(browser.text(unread)).as("filtered out: not a NEW_MANGA").isNull();
            assertThat(browser.eval("document.getElementById('no-notifications').hidden").asBoolean()).isFalse();
            browser.eval("{ const f = document.getElementById('type-filter'); f.value = 'NEW_CHAPTER'; "
                    + "f.dispatchEvent(new Event('change')); }");
            assertThat(browser.text(unread)).contains("Chapter 321.5");
            assertNoSeriousViolations(axe, browser, "notifications with an unread chapter");
            browser.colorScheme("dark");
            assertNoSeriousViolations(axe, browser, "notifications in dark mode");
            browser.colorScheme("light");
            browser.viewport(1000, 640, false);
            browser.screenshot(SCREENSHOTS.resolve("notifications.png"));

            // mark read with the keyboard
            browser.focusAndPressEnter(unread + " button.mark-read");
            await().atMost(PATIENCE).until(() -> browser.text(unread) == null);
            assertThat(browser.text("#unread")).isEmpty();
            assertThat(api.send("GET", "/api/me/notifications", token, null).get("notifications").get(0).get("read_at")
                    .isNull()).as("marked read on the server").isFalse();

            // the library: cover, latest chapter (the one just announced), unfollow
            browser.eval("location.hash = '#/library'");
            String entry = "#library li[data-manga-id='" + mangaId + "']";
            await().atMost(PATIENCE).until(() -> browser.text(entry) != null);
            assertThat(browser.text(entry + " .latest")).isEqualTo("Latest chapter 321.5");
            awaitImageShown(browser, entry + " img");
            assertNoSeriousViolations(axe, browser, "the library");
            browser.screenshot(SCREENSHOTS.resolve("library.png"));
            browser.click(entry + " button.unfollow");
            await().atMost(PATIENCE).until(() -> browser.text(entry) == null);
            assertThat(api.send("GET", "/api/me/library", token, null).get("library")).isEmpty();
        }
    }

    @Test
    void onAPhoneALinkOnlyChapterOpensThePublishersPageAndNothingIsWiderThanTheScreen(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(7).withWorldSize(20, 150));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            browser.viewport(375, 812, true);
            ServiceApi api = new ServiceApi(app.httpPort());
            AxeCore axe = AxeCore.load();
            String token = api.createReader(ADMIN, "phone-reader");
            JsonNode series = detailOfFirstWithCover(api, token);
            UUID mangaId = UUID.fromString(series.get("mangadex_id").asText());
            api.send("PUT", "/api/me/library/" + mangaId, token, null);
            // the publisher's page: any page a browser can open here; the service's own health page will do
            String publisher = api.base() + "/health?publisher=1";

            signIn(browser, api, token);
            sim.world().publish(NewChapter.of(mangaId, "en").withChapter("900").asLinkOnly(publisher));
            String link = "#notifications li.unread[data-full='true'] a.read-link";
            await().atMost(PATIENCE).until(() -> browser.text(link) != null);
            assertThat(browser.text(link)).isEqualTo("Read on the publisher's site");
            assertFitsTheScreen(browser, "notifications");
            assertNoSeriousViolations(axe, browser, "notifications on a phone");
            browser.mouseClick(link);
            await().atMost(PATIENCE).until(() -> browser.pageUrls().contains(publisher));
            Map<UUID, String> groups = upcomingOfEveryGroup(db, sim, api, token, mangaId);

            for (String view : new String[] {"library", "upcoming", "catalogue", "settings", "status"}) {
                browser.eval("location.hash = '#/" + view + "'");
                await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-" + view + "').hidden").asBoolean());
                if (view.equals("catalogue")) {
                    await().atMost(PATIENCE).until(() -> browser.text("#results li") != null); // at once, no search needed
                }
                if (view.equals("library")) {
                    String details = "#library li[data-manga-id='" + mangaId + "'] details";
                    await().atMost(PATIENCE).until(() -> browser.text(details) != null);
                    browser.eval("document.querySelector(\"" + details + "\").open = true");
                    await().atMost(PATIENCE).until(() -> browser.text(details + " .series-settings") != null);
                }
                if (view.equals("settings")) {
                    await().atMost(PATIENCE).until(() -> browser.text("#pref-new_manga_tags_excluded") != null);
                }
                if (view.equals("library")) {
                    // each library entry says when its next chapter is expected, as the Upcoming view does
                    UUID late = groups.entrySet().stream().filter(e -> e.getValue().equals("late")).findFirst()
                            .orElseThrow().getKey();
                    await().atMost(PATIENCE).until(() -> browser.text("#library li[data-manga-id='" + late + "'] .expected") != null);
                    assertThat(browser.text("#library li[data-manga-id='" + late + "'] .expected")).startsWith("Next chapter late: expected ");
                }
                if (view.equals("upcoming")) assertUpcomingGroups(browser, groups);
                assertFitsTheScreen(browser, view);
                assertNoSeriousViolations(axe, browser, view + " on a phone");
            }
        }
    }

    @Test
    void settingsSaysWhatThisServerCannotDoYetAndSignOutEndsTheSession(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(8).withWorldSize(5, 20));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            AxeCore axe = AxeCore.load();
            String token = api.createReader(ADMIN, "settings-reader");
            // the first event stream fails as a restarting server's would: the page says so and reconnects by itself
            AtomicInteger streams = new AtomicInteger();
            browser.standIn(List.of("*/api/me/notifications/stream*"), request -> streams.incrementAndGet() == 1
                    ? new HeadlessChromium.Response(503, "{\"error\":\"unavailable\",\"message\":\"restarting\"}") : null);
            signIn(browser, api, token);
            assertThat(streams.get()).as("stream requests: the refused one, then the one that is live").isEqualTo(2);
            assertThat(browser.standInFailures()).isEmpty();
            browser.eval("location.hash = '#/settings'");
            // channels, preferences, feeds and the library tools are all the server's own
            await().atMost(PATIENCE).until(() -> browser.text("#channels .empty") != null);
            assertThat(browser.text("#channels .empty")).isEqualTo("No channel yet.");
            await().atMost(PATIENCE).until(() -> browser.text("#sources .empty") != null);
            assertThat(browser.text("#sources .empty")).isEqualTo("No source linked yet.");
            assertThat(browser.text("#sources form")).contains("personal API client only for its own account");
            await().atMost(PATIENCE).until(() -> browser.text("#feeds .feed-state") != null
                    && browser.text("#pref-manga_update") != null);
            assertThat(browser.text("#feeds .feed-state")).startsWith("No feed addresses yet.");
            assertThat(browser.text("#feeds .unavailable")).isNull();
            assertThat(browser.text("#preferences .unavailable")).isNull();
            browser.eval("location.hash = '#/library'");
            await().atMost(PATIENCE).until(() -> browser.text("#library-tools") != null
                    && browser.text("#library-tools").contains("Export library"));
            assertThat(browser.text("#library-tools .unavailable")).isNull();
            browser.eval("location.hash = '#/settings'");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-settings').hidden").asBoolean());
            assertNoSeriousViolations(axe, browser, "settings");

            // signed in by an HttpOnly session cookie: no script of the page can read it, and the tab keeps no token
            assertThat(browser.eval("document.cookie").asText()).doesNotContain("mangahub_session");
            assertThat(browser.eval("sessionStorage.length").asInt()).isZero();

            // rotate: the new token is shown once for other apps, the old one is dead; this browser's session is not
            // the token, so it stays signed in and live
            browser.eval("window.confirm = () => true");
            browser.click("#rotate-token");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('rotated').hidden").asBoolean());
            String rotated = browser.text("#rotated-token");
            assertThat(rotated).startsWith("mh_").isNotEqualTo(token);
            assertThat(api.send("GET", "/api/me", rotated, null).path("name").asText()).isEqualTo("settings-reader");
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.base() + "/api/me")).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(browser.text("#live")).isEqualTo("live");
            assertNoSeriousViolations(axe, browser, "settings after a rotation");

            // an app token from Settings: shown once, listed without it, working, then revoked
            await().atMost(PATIENCE).until(() -> browser.text("#app-tokens .empty") != null);
            browser.type("#app-token-name", "feed reader");
            browser.click("#app-token-form button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#app-tokens .app-token-secret") != null);
            String appToken = browser.text("#app-tokens .app-token-secret");
            assertThat(appToken).startsWith("mh_");
            assertThat(browser.text("#app-tokens .app-tokens li")).contains("feed reader").contains("never used")
                    .doesNotContain(appToken);
            assertThat(api.send("GET", "/api/me", appToken, null).path("name").asText()).isEqualTo("settings-reader");
            assertNoSeriousViolations(axe, browser, "settings with an app token");
            browser.click("#app-tokens .app-tokens li button.revoke");
            await().atMost(PATIENCE).until(() -> browser.text("#app-tokens .empty") != null);
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.base() + "/api/me")).header("Authorization", "Bearer " + appToken).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

            // a reload keeps the session (the cookie), and the page finds its CSRF token again
            browser.navigate(api.base() + "/#/settings");
            await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
            assertThat(browser.text("#who")).contains("settings-reader");

            browser.click("#disconnect");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('signin').hidden").asBoolean());
            assertThat(browser.eval("fetch('/api/me').then(r => r.status)").asInt()).as("the session ended").isEqualTo(401);
            assertThat(browser.text("#rotated-token")).as("the shown token is gone with the session").isEmpty();
            assertThat(browser.text("#live")).isNotEqualTo("live");
            assertNoSeriousViolations(axe, browser, "the sign-in page");
            browser.type("#token", "not-a-token");
            browser.click("#connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#error") != null && !browser.text("#error").isEmpty());
            assertThat(browser.text("#error")).isEqualTo("That token was refused: check it and try again.");

            // an invitation link: the invited person names themselves and lands on Notifications, signed in and live
            String code = api.send("POST", "/api/invitations", ADMIN, "{}").path("code").asText();
            browser.navigate(api.base() + "/#/invite/" + code);
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-invite').hidden").asBoolean());
            assertNoSeriousViolations(axe, browser, "the invitation page");
            browser.type("#invite-name", "invited-reader");
            browser.click("#invite-form button[type=submit]");
            await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-notifications').hidden")
                    .asBoolean());
            assertThat(browser.eval("fetch('/api/me').then(r => r.json()).then(me => me.name)").asText())
                    .isEqualTo("invited-reader");
            // the same link again: a clear refusal, nobody else signed in
            browser.click("#disconnect");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('signin').hidden").asBoolean());
            browser.navigate(api.base() + "/#/invite/" + code);
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-invite').hidden").asBoolean());
            browser.type("#invite-name", "second-comer");
            browser.click("#invite-form button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#error") != null && !browser.text("#error").isEmpty());
            assertThat(browser.text("#error")).startsWith("this invitation was already used");
            assertThat(browser.eval("fetch('/api/me').then(r => r.status)").asInt()).isEqualTo(401);
        }
    }

    /**
     * The settings and library pages against the server's own routes: an ntfy channel to a local receiver, added and
     * tested from the page; preferences; feed addresses made, working and turned off; progress and per-series
     * settings: what the reader does reaches the route, and what the route answers is shown.
     */
    @Test
    void whenTheChannelPreferenceFeedAndControlRoutesAnswerTheirPagesUseThem(Database db) throws Exception {
        com.sun.net.httpserver.HttpServer ntfy = null;
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(12).withWorldSize(5, 20));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            AxeCore axe = AxeCore.load();
            String token = api.createReader(ADMIN, "controls-reader");
            UUID mangaId = UUID.fromString(detailOfFirstWithCover(api, token).get("mangadex_id").asText());
            api.send("PUT", "/api/me/library/" + mangaId, token, null);
            // a group the pickers can name: credited on a stored chapter of that series (stored as the chapter stream would)
            Group group = new Group(UUID.randomUUID().toString(), "Web Test Scans");
            db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, chapter, "
                            + "groups, readable_at) select :id, m.id, 'en', '1', cast(:groups as jsonb), now() from manga m "
                            + "where m.mangadex_id = :manga")
                    .bind("id", UUID.randomUUID()).bind("manga", mangaId)
                    .bind("groups", "[{\"id\":\"" + group.id() + "\",\"name\":\"" + group.name() + "\"}]").execute());
            List<String> ntfyReceived = new CopyOnWriteArrayList<>();
            ntfy = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
            ntfy.createContext("/", ex -> {
                ntfyReceived.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            ntfy.start();
            String topic = "http://127.0.0.1:" + ntfy.getAddress().getPort() + "/my-manga";

            signIn(browser, api, token);
            browser.eval("location.hash = '#/settings'");
            await().atMost(PATIENCE).until(() -> browser.text("#channel-kind") != null && browser.text("#pref-manga_update") != null);
            browser.eval("document.getElementById('channel-kind').value = 'ntfy'");
            browser.type("#channel-target", topic);
            browser.click("#channels form button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#channel-list li[data-channel-id='1']") != null);
            assertThat(browser.text("#channel-list li .what")).isEqualTo("ntfy · " + topic);
            browser.click("#channel-list li button.test");
            await().atMost(PATIENCE).until(() -> "Test sent to ntfy: delivered.".equals(browser.text("#notice")));
            assertThat(ntfyReceived).hasSize(1);
            assertThat(JSON.readTree(ntfyReceived.getFirst()).get("topic").asText()).isEqualTo("my-manga");
            assertThat(api.send("GET", "/api/me/channels", token, null).get("channels").get(0).get("target").asText())
                    .isEqualTo(topic);
            setPreferencesThroughTheControls(browser, api, token, group);
            assertNoSeriousViolations(axe, browser, "the preferences' controls");
            browser.colorScheme("dark");
            assertNoSeriousViolations(axe, browser, "the preferences' controls in dark mode");
            browser.colorScheme("light");
            // feeds: addresses made, shown once, working; then turned off, and dead
            await().atMost(PATIENCE).until(() -> browser.text("#feeds button.rotate") != null);
            browser.click("#feeds button.rotate");
            String atomUrl = "#feeds .feed-urls li[data-format='atom'] code";
            await().atMost(PATIENCE).until(() -> browser.text(atomUrl) != null);
            String atom = browser.text(atomUrl);
            assertThat(atom).startsWith(api.base() + "/feeds/mhf_").endsWith(".atom");
            assertThat(browser.text("#feeds .feed-urls li[data-format='rss'] code")).isEqualTo(atom.replace(".atom", ".rss"));
            assertThat(browser.text("#feeds .feed-urls li[data-format='json'] code")).isEqualTo(atom.replace(".atom", ".json"));
            HttpResponse<String> feed = get(atom);
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(feed.body()).contains("<feed").contains("controls-reader");
            assertNoSeriousViolations(axe, browser, "settings with channels, preferences and feeds");
            browser.click("#feeds button.revoke");
            await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#feeds .feed-state")).startsWith("No feed addresses yet."));
            assertThat(get(atom).statusCode()).as("turned off").isEqualTo(404);

            browser.eval("location.hash = '#/library'");
            String entry = "#library li[data-manga-id='" + mangaId + "']";
            await().atMost(PATIENCE).until(() -> browser.text(entry + " details.controls") != null);
            browser.eval("document.querySelector(\"" + entry + " details\").open = true");
            browser.type("#progress-" + mangaId, "12");
            browser.click(entry + " details form button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#notice").startsWith("Progress saved"));
            browser.click("#muted-" + mangaId);
            await().atMost(PATIENCE).until(() -> browser.text("#notice").startsWith("Muted"));
            setSeriesSettingsThroughTheControls(browser, api, token, mangaId, group);
            browser.colorScheme("dark");
            assertNoSeriousViolations(axe, browser, "the per-series settings in dark mode");
            browser.colorScheme("light");
            assertThat(browser.text("#library-tools")).contains("Import").contains("Export library");
            assertNoSeriousViolations(axe, browser, "the library with the reader's controls");

            // what the pages sent reached the server's own routes
            JsonNode entryNow = api.send("GET", "/api/me/library", token, null).get("library").get(0);
            assertThat(entryNow.path("progress").path("chapter").asText()).isEqualTo("12");
            assertThat(entryNow.path("settings").path("muted").asBoolean()).isTrue();
        } finally {
            if (ntfy != null) ntfy.stop(0);
        }
    }

    @Test
    void theStatusPageShowsHealthWorkflowsTheMangaDexGateTheOutboxAndDeliveryFailuresToTheAdminOnly(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(9).withWorldSize(5, 20));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            AxeCore axe = AxeCore.load();
            JsonNode known = detailOfFirstWithCover(api, ADMIN);
            // a fan-out that failed for good, as the dispatcher records it
            api.send("POST", "/notify/new-manga", ADMIN, JSON.createObjectNode()
                    .put("manga_id", known.get("mangadex_id").asText()).put("title", "poison").toString());
            await().atMost(PATIENCE).until(() -> PostgresExtension.count(db, "select count(*) from outbox where status = 'done'") == 1);
            db.inTransaction(h -> h.createUpdate("update outbox set status = 'dead', attempts = 10, "
                    + "last_error = 'receiver exploded'").execute());

            browser.navigate(api.base() + "/#/status");
            browser.type("#admin-token", "wrong-admin-token-123");
            browser.click("#admin-connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> "the admin token was refused".equals(browser.text("#error")));
            assertThat(browser.text("#status")).isEmpty();

            browser.type("#admin-token", ADMIN);
            browser.click("#admin-connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#status-overall") != null);
            String shown = browser.text("#status");
            assertThat(browser.text("#status-overall")).isEqualTo("Service UP");
            assertThat(shown).contains("workflow:chapter_check").contains("initial_sync").contains("completed")
                    .contains("circuit breaker").contains("CLOSED").contains("rate gate").contains("open")
                    .contains("pending events").contains("dead events").contains("receiver exploded");
            assertThat(browser.eval("[...document.querySelectorAll('#status caption')].map(c => c.textContent)").toString())
                    .contains("Health", "Workflows", "MangaDex", "Outbox", "Delivery failures");
            assertNoSeriousViolations(axe, browser, "the status page");
            assertThat(browser.eval("fetch('/api/me').then(r => r.status)").asInt())
                    .as("the admin token is not a reader's session").isEqualTo(401);
        }
    }

    @Test
    void aTitleThatLooksLikeHtmlStaysTextAndThePagesAllowOnlyTheirOwnScripts(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(6).withWorldSize(5, 20));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "careful-reader");
            String hostile = "<img src=x onerror=\"document.title='owned'\"><b>Bold</b>";
            JsonNode known = detailOfFirstWithCover(api, token);
            api.send("POST", "/notify/new-manga", ADMIN, JSON.createObjectNode()
                    .put("manga_id", known.get("mangadex_id").asText()).put("title", hostile).toString());

            signIn(browser, api, token);
            await().atMost(PATIENCE).until(() -> browser.text("#notifications .series-name") != null);
            assertThat(browser.text("#notifications .series-name")).isEqualTo(hostile);
            assertThat(browser.eval("document.querySelectorAll('#notifications b, #notifications img:not(.cover)').length")
                    .asInt()).isZero();
            assertThat(browser.eval("document.title").asText()).doesNotContain("owned");

            HttpResponse<String> page = get(api.base() + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>MangaHub Sync</title>").contains("type=\"module\"");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").contains("default-src 'none'").doesNotContain("unsafe");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Test
    void theDocsPageShowsTheApiFromOurOwnFilesOnly(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(10).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ServiceApi api = new ServiceApi(app.httpPort());
            browser.navigate(api.base() + "/docs");
            await().atMost(PATIENCE).until(() -> browser.text(".swagger-ui .title") != null);
            assertThat(browser.text(".swagger-ui .title")).startsWith("MangaHub Sync API");
            await().atMost(PATIENCE).until(() -> browser.eval("document.querySelectorAll('.opblock').length").asInt() > 20);
            assertThat(browser.text("#swagger-ui")).contains("/api/me/notifications/stream").contains("/covers/{manga_id}/{file}");
            JsonNode origins = browser.eval("[...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).origin))]");
            assertThat(origins).as("no CDN: every file from this service").hasSize(1);
            assertThat(origins.get(0).asText()).isEqualTo(api.base());
            assertThat(get(api.base() + "/docs").headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").doesNotContain("script-src 'self' 'unsafe");
        }
    }

    private record Group(String id, String name) {}

    /**
     * Every kind of preference control used as a reader would (a switch, checkboxes, a language picked by name, a tag
     * and a group picked by name), saved; then what the page shows equals what GET /api/me/preferences answers.
     */
    private static void setPreferencesThroughTheControls(HeadlessChromium browser, ServiceApi api, String token,
                                                         Group group) throws Exception {
        String tag = api.send("GET", "/api/tags", null, null).get("tags").get(0).get("name").asText();
        await().atMost(PATIENCE).until(() -> browser.text("#pref-new_manga_tags_excluded") != null);
        browser.click("#pref-manga_update");
        browser.click("#pref-content_ratings-pornographic");
        browser.click("#pref-new_manga_demographics-josei");
        browser.click("#pref-new_manga_demographics-none");
        browser.type("#pref-languages-input", "Elvish");
        browser.click("#pref-languages button.add");
        await().atMost(PATIENCE).until(() -> !browser.text("#pref-languages-message").isEmpty());
        assertThat(browser.text("#pref-languages-message")).isEqualTo("Nothing called \"Elvish\" here: pick one of the suggestions.");
        pick(browser, "#pref-languages", "French", "fr");
        assertThat(browser.text("#pref-languages-message")).isEmpty();
        pick(browser, "#pref-new_manga_original_languages", "ko", "ko");
        pick(browser, "#pref-new_manga_tags_included", tag, null);
        pick(browser, "#pref-groups_never", group.name(), group.id());
        browser.click("#pref-languages li[data-value='en'] button.remove");
        browser.click("#preferences form button[type=submit]");
        await().atMost(PATIENCE).until(() -> "Preferences saved.".equals(browser.text("#notice")));

        JsonNode prefs = api.send("GET", "/api/me/preferences", token, null);
        assertThat(prefs.get("manga_update").asBoolean()).as("the switch was on; the reader turned it off").isFalse();
        assertThat(prefs.get("languages").toString()).isEqualTo("[\"fr\"]");
        assertThat(prefs.get("content_ratings").toString()).isEqualTo("[\"safe\",\"suggestive\",\"erotica\"]");
        assertThat(prefs.get("new_manga_demographics").toString()).isEqualTo("[\"shounen\",\"shoujo\",\"seinen\"]");
        assertThat(prefs.get("new_manga_original_languages").toString()).isEqualTo("[\"ko\"]");
        assertThat(prefs.get("new_manga_tags_included").get(0).asText()).isEqualTo(tag);
        assertThat(prefs.get("groups_never").toString()).isEqualTo("[\"" + group.id() + "\"]");
        // the form shown again after the save is the server's answer, control by control
        await().atMost(PATIENCE).until(() -> browser.text("#pref-languages li[data-value='fr']") != null
                && browser.text("#pref-languages li[data-value='en']") == null);
        JsonNode shown = browser.eval("""
                (() => {
                  const out = {};
                  const key = (el) => el.id.replace('pref-', '');
                  for (const f of document.querySelectorAll('#preferences fieldset.picker')) {
                    out[key(f)] = [...f.querySelectorAll('li')].map((li) => key(f).includes('tags')
                      ? li.firstChild.textContent : li.dataset.value);
                  }
                  for (const f of document.querySelectorAll('#preferences fieldset.choices')) {
                    const boxes = [...f.querySelectorAll('input')];
                    const on = boxes.filter((b) => b.checked).map((b) => b.value);
                    out[key(f)] = on.length === boxes.length ? [] : on;
                  }
                  for (const s of document.querySelectorAll('#preferences input[role=switch]')) out[key(s)] = s.checked;
                  return out;
                })()""");
        assertThat(shown.size()).as("a control for every preference but group_names").isEqualTo(prefs.size() - 1);
        shown.properties().forEach(e -> assertThat(e.getValue()).as("the control of %s", e.getKey())
                .isEqualTo(prefs.get(e.getKey())));
        assertThat(browser.text("#pref-groups_never li")).contains(group.name());
        assertThat(browser.text("#pref-new_manga_original_languages li")).contains("Korean");
    }

    /** A series' languages, groups and uploaders set through its controls, saved: the API answers what was set. */
    private static void setSeriesSettingsThroughTheControls(HeadlessChromium browser, ServiceApi api, String token,
                                                            UUID mangaId, Group group) throws Exception {
        String form = "#library li[data-manga-id='" + mangaId + "'] form.series-settings";
        await().atMost(PATIENCE).until(() -> browser.text(form) != null);
        String uploader = UUID.randomUUID().toString();
        pick(browser, "#languages-" + mangaId, "Latin American Spanish", "es-la");
        pick(browser, "#groups_never-" + mangaId, group.name().toLowerCase(), group.id());
        browser.type("#uploaders_never-" + mangaId, "https://mangadex.org/user/" + uploader + "/someone");
        browser.click(form + " button[type=submit]");
        await().atMost(PATIENCE).until(() -> browser.text("#notice").startsWith("Settings saved for"));
        JsonNode settings = api.send("GET", "/api/me/library", token, null).get("library").get(0).get("settings");
        assertThat(settings.get("languages").toString()).isEqualTo("[\"es-la\"]");
        assertThat(settings.get("groups_never").get(0).get("id").asText()).isEqualTo(group.id());
        assertThat(settings.get("groups_never").get(0).get("name").asText()).isEqualTo(group.name());
        assertThat(settings.get("groups_only")).isEmpty();
        assertThat(settings.get("uploaders_never").toString()).isEqualTo("[\"" + uploader + "\"]");
        assertThat(settings.get("muted").asBoolean()).isTrue();
        assertThat(browser.eval("[...document.querySelectorAll(\"" + form + " fieldset.picker li\")].map(li => li.dataset.value)")
                .toString()).isEqualTo("[\"es-la\",\"" + group.id() + "\"]");
        assertThat(browser.text("#languages-" + mangaId + " li")).contains("Spanish");
    }

    /** Types a name into a picker, adds it, and waits for its chip (with that value, when given). */
    private static void pick(HeadlessChromium browser, String picker, String typed, String value) throws Exception {
        int before = browser.eval("document.querySelectorAll(\"" + picker + " li\").length").asInt();
        browser.type(picker + " input[type=text]", typed);
        browser.click(picker + " button.add");
        String chip = value == null ? picker + " li" : picker + " li[data-value='" + value + "']";
        await().atMost(PATIENCE).until(() -> browser.text(chip) != null
                && browser.eval("document.querySelectorAll(\"" + picker + " li\").length").asInt() > before);
    }

    /**
     * Issue 28: six more followed series, one for each group of the Upcoming view, their histories written as the
     * chapter stream would have (dated numbers, a delayed chapter). Days and weeks are counted in UTC from today, so
     * which week a scheduled date falls in is computed here as the server does. Returns each series' group.
     */
    private static Map<UUID, String> upcomingOfEveryGroup(Database db, Simulator sim, ServiceApi api, String token,
                                                          UUID followed) throws Exception {
        List<UUID> more = sim.world().mangaIds().stream().filter(id -> !id.equals(followed)).limit(6).toList();
        for (UUID id : more) api.send("PUT", "/api/me/library/" + id, token, null);
        java.time.Instant now = java.time.Instant.now();
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        java.time.LocalDate sunday = today.with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.SUNDAY));
        java.time.Instant soon = now.plus(Duration.ofMinutes(30));
        java.time.Instant nextWeek = sunday.plusDays(3).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
        java.time.Instant later = now.plus(Duration.ofDays(30));
        Map<UUID, String> groups = new java.util.LinkedHashMap<>();
        java.util.function.Function<java.time.Instant, String> week = t -> {
            java.time.LocalDate d = java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC);
            return !d.isAfter(sunday) ? "this_week" : !d.isAfter(sunday.plusWeeks(1)) ? "next_week" : "later";
        };
        java.time.Instant[] scheduled = {soon, nextWeek, later};
        for (int i = 0; i < 3; i++) {
            scheduleChapter(db, more.get(i), scheduled[i]);
            groups.put(more.get(i), week.apply(scheduled[i]));
        }
        datedChapters(db, more.get(3), now.minus(Duration.ofDays(10)), Duration.ofDays(7), 8, "ongoing");
        groups.put(more.get(3), "late");
        datedChapters(db, more.get(4), now.minus(Duration.ofDays(1)), Duration.ofDays(7), 2, "ongoing");
        groups.put(more.get(4), "unknown");
        datedChapters(db, more.get(5), now.minus(Duration.ofDays(1)), Duration.ofDays(7), 8, "completed");
        groups.put(more.get(5), "stopped");
        JsonNode view = api.send("GET", "/api/me/upcoming", token, null);
        for (JsonNode s : view.get("series")) {
            UUID id = UUID.fromString(s.get("manga_id").asText());
            if (groups.containsKey(id)) assertThat(s.get("group").asText()).as("%s", s).isEqualTo(groups.get(id));
        }
        return groups;
    }

    private static void scheduleChapter(Database db, UUID series, java.time.Instant at) {
        db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, chapter, "
                        + "published_at, readable_at, release_pending) select :id, m.id, 'en', '999', :at, :at, true "
                        + "from manga m where m.mangadex_id = :series")
                .bind("id", UUID.randomUUID()).bind("series", series).bind("at", at).execute());
    }

    private static void datedChapters(Database db, UUID series, java.time.Instant last, Duration gap, int count,
                                      String status) {
        db.inTransaction(h -> {
            h.createUpdate("update manga set status = :status where mangadex_id = :series").bind("status", status)
                    .bind("series", series).execute();
            for (int n = 1; n <= count; n++) {
                h.createUpdate("insert into reader_chapters (manga_id, language, number, number_key, announced, readable_at) "
                                + "select m.id, 'en', :n, cast(:n as numeric), true, :at from manga m where m.mangadex_id = :series "
                                + "on conflict (manga_id, language, number) do update set readable_at = excluded.readable_at")
                        .bind("n", "90" + n).bind("at", last.minus(gap.multipliedBy(count - n))).bind("series", series).execute();
            }
            return null;
        });
    }

    /** The Upcoming view lists each series under its group's heading. */
    private static void assertUpcomingGroups(HeadlessChromium browser, Map<UUID, String> groups) throws Exception {
        for (Map.Entry<UUID, String> e : groups.entrySet()) {
            String item = "#upcoming section[data-group='" + e.getValue() + "'] li[data-manga-id='" + e.getKey() + "']";
            await().atMost(PATIENCE).until(() -> browser.text(item) != null);
        }
        for (String group : new java.util.TreeSet<>(groups.values())) {
            assertThat(browser.text("#upcoming section[data-group='" + group + "'] h2")).isNotBlank();
        }
        assertThat(browser.text("#upcoming section[data-group='stopped'] li[data-manga-id='"
                + groups.entrySet().stream().filter(e -> e.getValue().equals("stopped")).findFirst().orElseThrow().getKey()
                + "'] .expected")).isEqualTo("No chapter expected: completed");
    }

    private static void signIn(HeadlessChromium browser, ServiceApi api, String token) throws Exception {
        browser.navigate(api.base() + "/");
        await().atMost(PATIENCE).until(() -> "service UP".equals(browser.text("#service")));
        browser.type("#token", token);
        browser.click("#connect button[type=submit]");
        await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
        // the stream may go live before the library's first load (and the preferences probe) ends and the view shows
        await().atMost(PATIENCE).until(() -> browser.eval("document.getElementById('signin').hidden").asBoolean());
    }

    /** A cover thumbnail that the browser loaded and decoded (through our cover proxy: the CSP allows no other). */
    private static void awaitImageShown(HeadlessChromium browser, String selector) throws Exception {
        String img = "document.querySelector(" + JSON.writeValueAsString(selector) + ")";
        await().atMost(PATIENCE).until(() -> browser.eval(img + ".complete && " + img + ".naturalWidth").asInt() > 0);
        assertThat(browser.eval(img + ".naturalWidth").asInt()).as("the thumbnail's width").isEqualTo(256);
    }

    private static void assertNoSeriousViolations(AxeCore axe, HeadlessChromium browser, String page) throws Exception {
        assertThat(axe.seriousViolations(browser)).as("axe-core on %s", page).isEmpty();
    }

    private static void assertFitsTheScreen(HeadlessChromium browser, String page) throws Exception {
        assertThat(browser.eval("document.documentElement.scrollWidth").asInt()).as("%s is no wider than 375 px", page)
                .isLessThanOrEqualTo(375);
    }

    /** The details of the first series of the catalogue that has a cover, once the import on start has stored it. */
    private static JsonNode detailOfFirstWithCover(ServiceApi api, String token) throws Exception {
        JsonNode items = await().atMost(PATIENCE).until(() -> api.send("GET", "/api/manga?size=100", token, null).get("items"),
                list -> !list.isEmpty());
        for (JsonNode item : items) {
            if (item.hasNonNull("cover_url")) return api.send("GET", "/api/manga/" + item.get("mangadex_id").asText(), token, null);
        }
        throw new AssertionError("no series with a cover in " + items);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A series with a cover that MangaDex has and the mirror lacks. */
    private static UUID mangaDexOnly(Simulator sim, ServiceApi api) throws Exception {
        java.util.Set<String> mirrored = new java.util.HashSet<>();
        for (JsonNode m : api.send("GET", "/api/manga?size=100", null, null).get("items")) {
            mirrored.add(m.get("mangadex_id").asText());
        }
        return sim.world().mangaIds().stream().filter(id -> !mirrored.contains(id.toString()))
                .filter(id -> sim.world().coverFileName(id).isPresent()).findFirst().orElseThrow();
    }

    /** The series' title as MangaDex's own API answers it. */
    private static String titleOnMangaDex(Simulator sim, UUID id) throws Exception {
        JsonNode title = JSON.readTree(get(sim.baseUri() + "/manga/" + id).body()).path("data").path("attributes")
                .path("title");
        return title.elements().next().asText();
    }

    private Config config(Simulator sim) {
        return config(sim, 200);
    }

    /** The service on the simulator, its start-up import stopping at {@code imported} series. */
    private Config config(Simulator sim, int imported) {
        return Config.from(Map.ofEntries(Map.entry("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl()),
                Map.entry("MANGA_SYNC_INITIAL_COUNT", Integer.toString(imported)),
                Map.entry("MANGAHUB_DATA_DIR", dataDir.toString()), Map.entry("MANGAHUB_HTTP_PORT", "0"),
                Map.entry("MANGAHUB_COAP_PORT", "0"), Map.entry("MANGAHUB_ADMIN_TOKEN", ADMIN),
                Map.entry("MANGAHUB_IMPORT_ON_START", "true"), Map.entry("MANGAHUB_MANGADEX_URL", sim.baseUri().toString()),
                Map.entry("MANGAHUB_CHAPTER_INTERVAL", "1s"), Map.entry("MANGAHUB_POLL_OVERLAP", "2m"),
                Map.entry("MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1")));
    }
}
