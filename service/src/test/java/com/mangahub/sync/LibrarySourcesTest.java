package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.Accounts;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Backup;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 25, acceptance 1, 4 and 5: a reader links their MangaDex account (the simulator's auth server and user
 * endpoints) and a MangaDex list; the account's 250 follows and 40 read markers arrive in one sync, later changes in the
 * next, the access token is refreshed without a new password grant, a revoked refresh token pauses the source with its
 * reason; no secret is ever in a log line, an answer or a backup; bad input is refused whole.
 */
@ExtendWith(PostgresExtension.class)
class LibrarySourcesTest {
    private static final String ADMIN = "library-sources-admin-token";
    private static final ObjectMapper JSON = App.jsonMapper();
    private static final String PASSWORD = "pa55-word-of-reader";
    private static final String CLIENT_SECRET = "client-secret-4f9a2c";

    @TempDir
    Path dataDir;

    private final List<String> answers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAccountSourceFollowsItsFollowsAndProgressStaysInSyncRefreshesAndPausesAndNeverLeaksASecret(Database db)
            throws Exception {
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(25).withWorldSize(300, 3_000));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            List<UUID> world = sim.world().mangaIds();
            List<UUID> follows = world.subList(0, 250);
            Accounts accounts = sim.accounts();
            accounts.create("reader-one", PASSWORD, "personal-client-reader-one", CLIENT_SECRET, true);
            accounts.follow("reader-one", follows);
            List<UUID> marked = follows.stream().filter(id -> !sim.world().chapterIds(id).isEmpty()).limit(40).toList();
            assertThat(marked).hasSize(40);
            for (UUID series : marked) {
                // a few chapters each: a read oneshot has no number to make progress of
                List<UUID> chapters = sim.world().chapterIds(series);
                accounts.markRead("reader-one", series, chapters.subList(0, Math.min(5, chapters.size())));
            }

            String token = createReader(app, "reader-one");
            UUID byReader = follows.get(10);
            UUID byList = follows.get(11);
            call(app, "PUT", "/api/me/library/" + byReader, token, null, 201);
            UUID listId = sim.world().putList("favourites", true, List.of(byList));
            JsonNode list = call(app, "POST", "/api/me/sources", token,
                    "{\"kind\":\"mdlist\",\"list\":\"https://mangadex.org/list/" + listId + "\"}", 201);
            assertThat(list.path("last_added").asInt()).isEqualTo(1);

            EndToEndTest.awaitStartupPoll(db);
            SimulatorStats before = sim.stats();
            long start = System.nanoTime();
            JsonNode source = call(app, "POST", "/api/me/sources", token, account("mirror"), 201);
            long linkMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            SimulatorStats after = sim.stats();
            assertThat(source.path("state").asText()).isEqualTo("ok");
            assertThat(source.path("last_added").asInt()).as(source.toString()).isEqualTo(248);
            assertThat(source.path("last_progress").asInt()).isEqualTo(40);
            assertThat(library(db)).isEqualTo(250);
            assertThat(PostgresExtension.count(db, "select count(*) from user_library where progress is not null"))
                    .isEqualTo(40);
            assertThat(PostgresExtension.count(db, "select count(*) from manga m join user_library l on l.manga_id = m.id "
                    + "where m.tracked_since is null")).as("every follow is tracked at once").isZero();
            long requests = after.count("GET /user/follows/manga 200") - before.count("GET /user/follows/manga 200");
            long marks = after.count("GET /manga/read 200") - before.count("GET /manga/read 200");
            long catalogue = after.count("GET /manga 200") - before.count("GET /manga 200");
            System.out.printf("linking an account of 250 follows (40 with read markers): %d ms, %d follows pages, "
                    + "%d read-marker requests, 1 status request, %d catalogue pages, 1 password grant%n", linkMs, requests, marks,
                    catalogue);
            assertThat(requests).isEqualTo(3);
            assertThat(marks).isEqualTo(3);
            assertThat(after.count("GET /manga/status 200") - before.count("GET /manga/status 200")).isEqualTo(1);

            // the next sync: 3 followed (2 by follow, 1 by reading status: MangaDex's library is by status) and 4
            // unfollowed on MangaDex; 2 of those are held by the reader or a list; a dropped series brings nothing
            List<UUID> added = world.subList(250, 253);
            accounts.follow("reader-one", added.subList(0, 2));
            accounts.status("reader-one", added.get(2), "reading");
            accounts.status("reader-one", world.get(260), "dropped");
            accounts.unfollow("reader-one", List.of(follows.get(0), follows.get(1), byReader, byList));
            accounts.expireAccessTokens("reader-one");
            long id = source.path("id").asLong();
            JsonNode next = call(app, "POST", "/api/me/sources/" + id + "/sync", token, null, 200);
            assertThat(next.path("state").asText()).as(next.toString()).isEqualTo("ok");
            assertThat(next.path("last_added").asInt()).isEqualTo(3);
            assertThat(next.path("last_removed").asInt()).isEqualTo(2);
            assertThat(library(db)).isEqualTo(251);
            assertThat(followed(db, byReader)).as("the reader's own follow stays").isTrue();
            assertThat(followed(db, byList)).as("a follow the list holds stays").isTrue();
            assertThat(followed(db, follows.get(0))).isFalse();
            JsonNode libraryAnswer = call(app, "GET", "/api/me/library", token, null, 200).path("library");
            for (JsonNode entry : libraryAnswer) {
                String seriesId = entry.path("manga_id").asText();
                JsonNode heldBy = entry.path("held_by");
                if (seriesId.equals(byReader.toString())) {
                    assertThat(heldBy.path("reader").asBoolean()).isTrue();
                    assertThat(heldBy.path("sources")).as("the account dropped it").isEmpty();
                } else if (seriesId.equals(byList.toString())) {
                    assertThat(heldBy.path("sources").toString()).isEqualTo("[" + list.path("id").asText() + "]");
                } else if (seriesId.equals(follows.get(5).toString())) {
                    assertThat(heldBy.path("reader").asBoolean()).isFalse();
                    assertThat(heldBy.path("sources").toString()).isEqualTo("[" + source.path("id").asText() + "]");
                }
            }
            assertThat(accounts.passwordGrants()).as("refreshed, not logged in again").isEqualTo(1);
            assertThat(accounts.refreshGrants()).isEqualTo(1);
            System.out.printf("next sync: +%d -%d; token refreshed across its expiry: %d password grant, %d refresh%n",
                    next.path("last_added").asInt(), next.path("last_removed").asInt(), accounts.passwordGrants(),
                    accounts.refreshGrants());

            // the periodic path: nothing is due until an interval has passed since each source's last sync
            assertThat(app.sourceSync().runOnce()).isZero();
            db.inTransaction(h -> h.execute("update library_sources set next_sync_at = now()"));
            assertThat(app.sourceSync().runOnce()).as("both sources, read again").isEqualTo(2);

            // a revoked refresh token pauses the source with MangaDex's reason
            accounts.revokeRefreshTokens("reader-one");
            accounts.expireAccessTokens("reader-one");
            JsonNode paused = call(app, "POST", "/api/me/sources/" + id + "/sync", token, null, 200);
            assertThat(paused.path("state").asText()).isEqualTo("paused");
            assertThat(paused.path("paused_reason").asText()).contains("invalid_grant").contains("link the account again");
            assertThat(library(db)).as("a paused source changes nothing").isEqualTo(251);
            System.out.println("revoked refresh token: " + paused.path("paused_reason").asText());

            // secrets: never in an answer, a log line or a backup; only sealed in the database
            String syncKey = JSON.readTree(rawCall(app, "POST", "/api/me/sync-key", token, null).body()).path("sync_key").asText();
            answers.removeIf(a -> a.contains("\"sync_key\"")); // the one answer that shows the key, once
            call(app, "GET", "/api/me/sources", token, null, 200);
            call(app, "GET", "/api/me/library", token, null, 200);
            ByteArrayOutputStream backup = new ByteArrayOutputStream();
            new Backup(db).write(backup);
            Path backupFile = Files.write(dataDir.resolve("backup.txt"), backup.toByteArray());
            List<String> secrets = new ArrayList<>(List.of(PASSWORD, CLIENT_SECRET, syncKey));
            secrets.addAll(accounts.issuedTokens());
            String logText = logs.list.stream().map(LibrarySourcesTest::line).collect(Collectors.joining("\n"));
            String backupText = Files.readString(backupFile, StandardCharsets.ISO_8859_1);
            String answerText = String.join("\n", answers);
            for (String secret : secrets) {
                assertThat(logText).as("log lines").doesNotContain(secret);
                assertThat(answerText).as("API answers").doesNotContain(secret);
                assertThat(backupText).as("db backup").doesNotContain(secret);
                assertThat(tableText(db)).as("the database in plain").doesNotContain(secret);
            }
            assertThat(PostgresExtension.count(db, "select count(*) from library_source_secrets")).isEqualTo(1);
            System.out.printf("secrets: %d values looked for in %d log lines, %d answers, a %d-byte backup and the "
                    + "database: none found%n", secrets.size(), logs.list.size(), answers.size(), backup.size());
            call(app, "DELETE", "/api/me/sources/" + id, token, null, 204);
            assertThat(PostgresExtension.count(db, "select count(*) from library_source_secrets")).isZero();
            assertThat(library(db)).as("removing a source keeps its follows").isEqualTo(251);
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
            ((Logger) LoggerFactory.getLogger("com.mangahub")).setLevel(null);
        }
    }

    @Test
    void badSourcesAndCredentialsAreRefusedWholeNamingTheirFieldAndNeverA5xx(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(26).withWorldSize(20, 50));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            sim.accounts().create("reader-one", PASSWORD, "personal-client-reader-one", CLIENT_SECRET, true);
            sim.accounts().create("reader-two", PASSWORD, "pending-client", CLIENT_SECRET, false);
            String token = createReader(app, "reader-one");
            record Case(String name, String body, int status, String field) {}
            UUID privateList = sim.world().putList("secret", false, sim.world().mangaIds().subList(0, 3));
            List<Case> cases = List.of(
                    new Case("wrong password", account("follow_only").replace(PASSWORD, "wrong"), 422, "password"),
                    new Case("wrong client secret", account("follow_only").replace(CLIENT_SECRET, "nope"), 422, "client_id"),
                    new Case("unapproved client", account("follow_only").replace("personal-client-reader-one",
                            "pending-client").replace("reader-one", "reader-two"), 422, "client_id"),
                    new Case("private list", "{\"kind\":\"mdlist\",\"list\":\"" + privateList + "\"}", 422, "list"),
                    new Case("deleted list", "{\"kind\":\"mdlist\",\"list\":\"" + UUID.randomUUID() + "\"}", 422, "list"),
                    new Case("not a list", "{\"kind\":\"mdlist\",\"list\":\"https://example.org/x\"}", 400, "list"),
                    new Case("unknown kind", "{\"kind\":\"anilist\"}", 400, "kind"),
                    new Case("no password", "{\"kind\":\"mangadex_account\",\"client_id\":\"a\",\"client_secret\":\"b\","
                            + "\"username\":\"c\"}", 400, "password"),
                    new Case("bad mode", "{\"kind\":\"mdlist\",\"list\":\"" + privateList + "\",\"mode\":\"all\"}", 400, "mode"));
            for (Case c : cases) {
                HttpResponse<String> r = rawCall(app, "POST", "/api/me/sources", token, c.body());
                assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
                JsonNode error = JSON.readTree(r.body());
                assertThat(error.path("field").asText()).as(c.name()).isEqualTo(c.field());
                System.out.printf("%-20s -> %d %s: %s%n", c.name(), r.statusCode(), error.path("field").asText(),
                        error.path("message").asText());
            }
            assertThat(PostgresExtension.count(db, "select count(*) from library_sources")).as("nothing kept").isZero();
            assertThat(PostgresExtension.count(db, "select count(*) from library_source_secrets")).isZero();
            assertThat(library(db)).isZero();
        }
    }

    @Test
    void withWriteBackOnMarkingAChapterReadHereSetsItsReadMarkerOnMangaDexByTheNextSync(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(28).withWorldSize(30, 600));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            Accounts accounts = sim.accounts();
            accounts.create("reader-one", PASSWORD, "personal-client-reader-one", CLIENT_SECRET, true);
            List<UUID> series = sim.world().mangaIds().subList(0, 5);
            accounts.follow("reader-one", series);
            String token = createReader(app, "reader-one");
            JsonNode source = call(app, "POST", "/api/me/sources", token,
                    account("follow_only").replace("}", ",\"write_back\":true}"), 201);
            assertThat(source.path("write_back").asBoolean()).isTrue();

            // a numbered English chapter of one of the series, as MangaDex lists it
            UUID target = null;
            String number = null;
            List<UUID> chapterIds = new ArrayList<>();
            for (UUID s : series) {
                JsonNode feed = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/manga/" + s
                        + "/feed?translatedLanguage[]=en&limit=500")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode c : feed.path("data")) {
                    String n = c.path("attributes").path("chapter").asText(null);
                    if (n == null || !n.matches("[0-9]+")) continue;
                    if (target == null) {
                        target = s;
                        number = n;
                    }
                    if (s.equals(target) && n.equals(number)) chapterIds.add(UUID.fromString(c.path("id").asText()));
                }
                if (target != null) break;
            }
            assertThat(target).as("a series with a numbered English chapter").isNotNull();
            assertThat(accounts.readMarkers("reader-one", target)).isEmpty();

            // the web app marks the chapter read: the progress route
            call(app, "PUT", "/api/me/library/" + target + "/progress", token, "{\"chapter\":\"" + number + "\"}", 200);
            SimulatorStats before = sim.stats();
            JsonNode next = call(app, "POST", "/api/me/sources/" + source.path("id").asLong() + "/sync", token, null, 200);
            assertThat(next.path("state").asText()).isEqualTo("ok");
            assertThat(accounts.readMarkers("reader-one", target)).as("read marker set on MangaDex")
                    .containsAll(chapterIds);
            long marks = sim.stats().count("POST /manga/{id}/read 200") - before.count("POST /manga/{id}/read 200");
            assertThat(marks).isEqualTo(1);
            // the next sync writes nothing again
            call(app, "POST", "/api/me/sources/" + source.path("id").asLong() + "/sync", token, null, 200);
            assertThat(sim.stats().count("POST /manga/{id}/read 200") - before.count("POST /manga/{id}/read 200")).isEqualTo(1);
            System.out.printf("write-back: chapter %s of %s marked read here -> %d read marker(s) on MangaDex with 1 request%n",
                    number, target, chapterIds.size());
        }
    }

    static String account(String mode) {
        return "{\"kind\":\"mangadex_account\",\"client_id\":\"personal-client-reader-one\",\"client_secret\":\""
                + CLIENT_SECRET + "\",\"username\":\"reader-one\",\"password\":\"" + PASSWORD + "\",\"mode\":\"" + mode + "\"}";
    }

    private static long library(Database db) {
        return PostgresExtension.count(db, "select count(*) from user_library");
    }

    private static boolean followed(Database db, UUID series) {
        return PostgresExtension.count(db, "select count(*) from user_library l join manga m on m.id = l.manga_id "
                + "where m.mangadex_id = '" + series + "'") == 1;
    }

    /** Every text column of every table of ours, as text: what a plain read of the database shows. */
    private static String tableText(Database db) {
        return db.inTransaction(h -> String.join("\n", h.createQuery("select t::text from library_sources t union all "
                + "select t::text from library_source_secrets t union all select t::text from users t union all "
                + "select encode(sealed, 'escape') from library_source_secrets").mapTo(String.class).list()));
    }

    private String createReader(App app, String name) throws Exception {
        return call(app, "POST", "/api/users", ADMIN, "{\"name\":\"" + name + "\"}", 201).path("token").asText();
    }

    private JsonNode call(App app, String method, String path, String token, String body, int status) throws Exception {
        HttpResponse<String> r = rawCall(app, method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private HttpResponse<String> rawCall(App app, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        answers.add(r.headers().map() + " " + r.body());
        return r;
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        context.getLogger("com.mangahub").setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    private static String line(ILoggingEvent e) {
        return e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
}
