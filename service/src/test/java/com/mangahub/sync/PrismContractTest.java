package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.Prism;
import com.mangahub.sync.support.SnakeCase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API through Prism, a validating proxy holding our /openapi.json: a tour of every documented operation with
 * valid requests (each answer as the service gives it: 2xx and the documented 4xx) draws no request or response
 * violation; requests the API must refuse (out-of-range numbers, missing fields, bad ids, no token) are violations of
 * the document as they are of the server, and the server's refusals still match the document. The event stream is
 * the one route not toured: Prism buffers a response to validate it, and a stream does not end (SseStreamTest covers
 * its frames). Every JSON answer of the tour has its property names in snake_case (ApiCasingTest holds the document
 * to the same).
 */
@ExtendWith(PostgresExtension.class)
class PrismContractTest {
    private static final String ADMIN = "prism-admin-token-12345";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The SMTP server the email channel's test mail goes to. */
    private final com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(
            new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

    @org.junit.jupiter.api.AfterEach
    void stopMail() {
        mail.stop();
    }

    @TempDir
    Path dataDir;

    @Test
    void everyOperationAnswersAsTheDocumentSaysThroughPrism(Database db) throws Exception {
        mail.start();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(31).withWorldSize(20, 120));
             App app = App.start(config(sim), Clock.systemUTC())) {
            Path document = Files.createTempFile("mangahub-openapi", ".json");
            Files.write(document, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort()
                    + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            URI upstream = URI.create("http://127.0.0.1:" + app.httpPort());
            try (Prism valid = Prism.proxy(document, upstream); Prism refused = Prism.proxy(document, upstream)) {
                Calls tour = new Calls(valid.baseUri().toString());
                int calls = tourOfValidRequests(tour, sim);
                await().atMost(PATIENCE).until(() -> valid.forwarded() >= calls);
                assertThat(valid.violations()).as("violations of valid requests and their answers").isEmpty();
                assertThat(tour.answers).as("JSON answers read").isGreaterThan(40);
                assertThat(tour.notSnakeCase).as("properties of the answers not in snake_case").isEmpty();

                int refusals = requestsTheApiRefuses(refused.baseUri().toString());
                await().atMost(PATIENCE).until(() -> refused.forwarded() >= refusals);
                List<String> violations = refused.violations();
                assertThat(violations).as("the server's refusals match the document").noneMatch(v -> v.startsWith("Violation: response"));
                assertThat(violations.stream().filter(v -> v.startsWith("Violation: request")).count())
                        .as("each refused request breaks the document too: %s", violations).isGreaterThanOrEqualTo(refusals);
            }
        }
    }

    /** Every documented operation with valid input, in the order a client would use them; returns the call count. */
    private int tourOfValidRequests(Calls c, Simulator sim) throws Exception {
        c.expect(200, "GET", "/health", null, null);
        c.expect(200, "GET", "/metrics", null, null);
        c.expect(200, "GET", "/openapi.json", null, null);
        c.expect(200, "GET", "/docs", null, null);
        JsonNode page = await().atMost(PATIENCE).until(() -> c.json(200, "GET", "/api/manga?size=100", null, null),
                p -> p.get("total").asInt() == 20);
        JsonNode first = null;
        for (JsonNode m : page.get("items")) if (first == null && m.hasNonNull("cover_url")) first = m;
        String mangaId = first.get("mangadex_id").asText();
        JsonNode detail = c.json(200, "GET", "/api/manga/" + mangaId, null, null);
        c.expect(200, "GET", "/api/manga/" + detail.get("slug").asText(), null, null);
        c.expect(200, "GET", "/api/manga/" + detail.get("id").asText() + "/chapters?limit=10&offset=0", null, null);
        c.expect(200, "GET", "/api/manga?q=a&status=" + detail.get("status").asText() + "&content_rating="
                + detail.get("content_rating").asText() + "&page=1&size=5", null, null);
        if (!detail.get("tags").isEmpty()) {
            c.expect(200, "GET", "/api/manga?tag=" + java.net.URLEncoder.encode(detail.get("tags").get(0).get("name").asText(),
                    java.nio.charset.StandardCharsets.UTF_8), null, null);
        }
        c.expect(404, "GET", "/api/manga/" + UUID.randomUUID(), null, null);
        c.expect(200, "GET", "/api/tags", null, null);
        c.expect(200, "GET", "/api/groups?q=a&manga=" + mangaId, null, null);
        String file = first.get("cover_url").asText().substring(first.get("cover_url").asText().lastIndexOf('/') + 1);
        c.expect(200, "GET", "/covers/" + mangaId + "/" + file + ".256.jpg", null, null);
        c.expect(404, "GET", "/covers/" + UUID.randomUUID() + "/" + file + ".256.jpg", null, null);

        JsonNode user = c.json(201, "POST", "/api/users", ADMIN, "{\"name\":\"tourist\",\"languages\":[\"en\"]}");
        c.expect(409, "POST", "/api/users", ADMIN, "{\"name\":\"tourist\"}");
        String token = user.get("token").asText();
        c.expect(200, "GET", "/api/me", token, null);
        c.expect(201, "PUT", "/api/me/library/" + mangaId, token, null);
        c.expect(200, "PUT", "/api/me/library/" + mangaId, token, null);
        c.expect(404, "PUT", "/api/me/library/" + UUID.randomUUID(), token, null);
        c.expect(200, "GET", "/api/me/library", token, null);
        c.expect(200, "PATCH", "/api/me/library/" + mangaId, token, "{\"muted\":false,\"languages\":[\"en\"],\"uploaders_never\":[]}");
        c.expect(200, "PUT", "/api/me/library/" + mangaId + "/progress", token, "{\"chapter\":\"3\"}");
        c.expect(200, "GET", "/api/me/preferences", token, null);
        c.expect(200, "PATCH", "/api/me/preferences", token, "{\"manga_update\":true,\"skip_read_chapters\":true,"
                + "\"status_change\":true,\"first_chapter\":false}");
        c.expect(200, "GET", "/api/me/upcoming", token, null);
        c.expect(200, "POST", "/api/me/library/import", token, "[\"https://mangadex.org/title/" + mangaId + "/x\"]");
        UUID list = sim.world().putList("tour", true, sim.world().mangaIds().subList(0, 3));
        c.expect(200, "POST", "/api/me/library/import", token, "{\"mdlist\":\"" + list + "\"}");
        c.expect(200, "GET", "/api/me/library/export", token, null);
        c.expect(202, "POST", "/notify/new-manga", ADMIN, "{\"manga_id\":\"" + mangaId + "\",\"title\":\"t\"}");
        c.expect(202, "POST", "/notify/new-chapter", ADMIN, "{\"manga_id\":\"" + mangaId + "\",\"title\":\"t\",\"chapter\":\"5\",\"old_chapter\":\"4\"}");
        c.expect(202, "POST", "/notify/manga-update", ADMIN, "{\"manga_id\":\"" + mangaId + "\",\"title\":\"t\",\"changes\":{\"status\":{\"old\":\"ongoing\",\"new\":\"completed\"}}}");
        JsonNode log = await().atMost(PATIENCE).until(() -> c.json(200, "GET", "/api/me/notifications?after=0&limit=10", token, null),
                l -> l.get("notifications").size() == 3);
        c.expect(204, "POST", "/api/me/notifications/" + log.get("notifications").get(0).get("id").asText() + "/read", token, null);
        c.expect(404, "POST", "/api/me/notifications/999999/read", token, null);
        c.expect(200, "POST", "/api/me/notifications/read-all", token, null);
        tourOfFeeds(c, token);
        tourOfChannels(c, token, mangaId);
        tourOfSources(c, token, sim);
        tourOfSignIn(c, token);
        c.expect(200, "POST", "/api/manga/" + mangaId + "/sync", ADMIN, null);
        JsonNode job = c.json(202, "POST", "/api/jobs", ADMIN, "{\"kind\":\"reconcile\"}");
        String jobId = job.get("id").asText();
        await().atMost(PATIENCE).until(() -> c.json(200, "GET", "/api/jobs/" + jobId, null, null).get("status").asText()
                .equals("completed"));
        c.expect(200, "GET", "/api/jobs/" + jobId + "/result", null, null);
        c.expect(404, "GET", "/api/jobs/" + UUID.randomUUID(), null, null);
        c.expect(200, "GET", "/api/admin/status", ADMIN, null);
        c.expect(204, "DELETE", "/api/me/library/" + mangaId, token, null);
        c.expect(404, "DELETE", "/api/me/library/" + mangaId, token, null);

        // the token lifecycle: list, rotate, disable, enable, delete
        c.expect(200, "GET", "/api/users", ADMIN, null);
        c.expect(200, "GET", "/api/users?after=0&limit=1", ADMIN, null);
        String fresh = c.json(200, "POST", "/api/me/token", token, null).get("token").asText();
        c.expect(401, "GET", "/api/me", token, null);
        c.expect(200, "GET", "/api/me", fresh, null);
        String readerId = user.get("id").asText();
        c.expect(200, "POST", "/api/users/" + readerId + "/disable", ADMIN, null);
        c.expect(401, "POST", "/api/me/token", fresh, null);
        c.expect(200, "POST", "/api/users/" + readerId + "/enable", ADMIN, null);
        c.expect(404, "POST", "/api/users/999999/disable", ADMIN, null);
        c.expect(404, "POST", "/api/users/999999/enable", ADMIN, null);
        c.expect(204, "DELETE", "/api/users/" + readerId, ADMIN, null);
        c.expect(404, "DELETE", "/api/users/" + readerId, ADMIN, null);
        return c.count;
    }

    /**
     * A browser session from a token, its CSRF token used, signed out, and every session ended; an app token made,
     * listed and revoked through the session; an invitation made, used and refused when used again; single sign-on
     * where none is set up.
     */
    private static void tourOfSignIn(Calls c, String token) throws Exception {
        c.expect(200, "GET", "/api/sign-in", null, null);
        HttpResponse<String> session = c.expect(201, "POST", "/api/session", null, "{\"token\":\"" + token + "\"}");
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(session.body()).get("csrf_token").asText();
        c.expect(200, "GET", "/api/session", null, null, Map.of("Cookie", cookie));
        String appToken = c.json(201, "POST", "/api/me/app-tokens", token, "{\"name\":\"tour\"}").get("id").asText();
        c.expect(200, "GET", "/api/me/app-tokens", null, null, Map.of("Cookie", cookie));
        c.expect(204, "DELETE", "/api/me/app-tokens/" + appToken, null, null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
        c.expect(404, "DELETE", "/api/me/app-tokens/" + appToken, token, null);
        c.expect(204, "DELETE", "/api/session", null, null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
        c.expect(200, "DELETE", "/api/me/sessions", token, null);
        String code = c.json(201, "POST", "/api/invitations", ADMIN, "{\"languages\":[\"en\"],\"valid_for_hours\":2}")
                .get("code").asText();
        c.expect(201, "POST", "/api/invitations/accept", null, "{\"code\":\"" + code + "\",\"name\":\"invited-tourist\"}");
        c.expect(409, "POST", "/api/invitations/accept", null, "{\"code\":\"" + code + "\",\"name\":\"second-tourist\"}");
        c.expect(404, "POST", "/api/invitations/accept", null, "{\"code\":\"no-such-code\",\"name\":\"guest\"}");
        c.expect(404, "GET", "/auth/oidc/login", null, null);
        c.expect(400, "GET", "/auth/oidc/callback?code=c&state=s", null, null);
    }

    /** A MangaDex list linked as a source, synced, removed; a SyncYomi key made and used, revoked. */
    private static void tourOfSources(Calls c, String token, Simulator sim) throws Exception {
        UUID list = sim.world().putList("tour-source", true, sim.world().mangaIds().subList(3, 5));
        c.expect(200, "GET", "/api/me/sources", token, null);
        String id = c.json(201, "POST", "/api/me/sources", token, "{\"kind\":\"mdlist\",\"list\":\"" + list
                + "\",\"mode\":\"mirror\"}").get("id").asText();
        c.expect(422, "POST", "/api/me/sources", token, "{\"kind\":\"mdlist\",\"list\":\"" + UUID.randomUUID() + "\"}");
        c.expect(200, "POST", "/api/me/sources/" + id + "/sync", token, null);
        c.expect(204, "DELETE", "/api/me/sources/" + id, token, null);
        c.expect(404, "DELETE", "/api/me/sources/" + id, token, null);
        String key = c.json(201, "POST", "/api/me/sync-key", token, null).get("sync_key").asText();
        c.expect(200, "GET", "/api/me/sync-key", token, null);
        c.expect(404, "GET", "/api/sync/content", null, null, Map.of("X-API-Token", key));
        c.expect(204, "POST", "/api/sync/event", null, "{\"event\":\"SYNC_STARTED\",\"device_id\":\"t\"}",
                Map.of("X-API-Token", key));
        c.expect(404, "GET", "/api/sync/v2/capabilities", null, null);
        c.expect(204, "DELETE", "/api/me/sync-key", token, null);
        c.expect(401, "GET", "/api/sync/content", null, null, Map.of("X-API-Token", key));
    }

    /** A reader's feed addresses made, each feed read and revalidated, replaced, revoked. */
    private static void tourOfFeeds(Calls c, String token) throws Exception {
        c.expect(200, "GET", "/api/me/feeds", token, null);
        c.expect(404, "DELETE", "/api/me/feeds", token, null);
        JsonNode first = c.json(201, "POST", "/api/me/feeds/rotate", token, null);
        c.expect(200, "GET", "/api/me/feeds", token, null);
        for (String format : List.of("atom", "rss", "json", "ics")) {
            String path = first.get(format).asText();
            HttpResponse<String> feed = c.expect(200, "GET", path, null, null);
            c.expect(304, "GET", path, null, null, Map.of("If-None-Match", feed.headers().firstValue("ETag").orElseThrow()));
            c.expect(304, "GET", path, null, null, Map.of("If-Modified-Since",
                    feed.headers().firstValue("Last-Modified").orElseThrow()));
        }
        JsonNode second = c.json(201, "POST", "/api/me/feeds/rotate", token, null);
        c.expect(404, "GET", first.get("atom").asText(), null, null);
        c.expect(200, "GET", second.get("rss").asText(), null, null);
        c.expect(204, "DELETE", "/api/me/feeds", token, null);
        c.expect(404, "GET", second.get("json").asText(), null, null);
    }

    /** A reader's channel from creation to removal, against a local receiver that accepts everything. */
    private void tourOfChannels(Calls c, String token, Object mangaId) throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode channel = c.json(201, "POST", "/api/me/channels", token, "{\"kind\":\"webhook\",\"url\":\"" + url + "\"}");
            String id = channel.get("id").asText();
            c.expect(200, "GET", "/api/me/channels", token, null);
            c.expect(200, "POST", "/api/me/channels/" + id + "/test", token, null);
            c.expect(200, "GET", "/api/me/channels/" + id + "/dead?limit=10", token, null);
            c.expect(200, "POST", "/api/me/channels/" + id + "/dead/retry", token, "{}");
            c.expect(404, "POST", "/api/me/channels/999999/test", token, null);
            c.expect(200, "PATCH", "/api/me/channels/" + id, token, "{\"by_default\":false}");
            JsonNode apprise = c.json(201, "POST", "/api/me/channels", token, "{\"kind\":\"apprise\",\"url\":\""
                    + url.replace("/hook", "/") + "\",\"urls\":\"json://example.org\",\"window_minutes\":10}");
            c.expect(200, "GET", "/api/me/channels", token, null);
            c.expect(200, "PATCH", "/api/me/channels/" + apprise.get("id").asText(), token, "{\"window_minutes\":null}");
            c.expect(200, "GET", "/api/me/library/" + mangaId + "/channels", token, null);
            c.expect(200, "PUT", "/api/me/library/" + mangaId + "/channels", token, "{\"channel_ids\":[" + id + "]}");
            c.expect(204, "DELETE", "/api/me/library/" + mangaId + "/channels", token, null);
            c.expect(200, "GET", "/api/me/quiet-hours", token, null);
            c.expect(200, "GET", "/api/me/webpush/key", token, null);
            c.expect(200, "PUT", "/api/me/quiet-hours", token, "{\"start\":\"22:00\",\"end\":\"07:00\",\"time_zone\":\"Europe/Berlin\"}");
            c.expect(200, "GET", "/api/me/quiet-hours", token, null);
            c.expect(204, "DELETE", "/api/me/quiet-hours", token, null);
            c.expect(204, "DELETE", "/api/me/channels/" + apprise.get("id").asText(), token, null);
            c.expect(204, "DELETE", "/api/me/channels/" + id, token, null);
            c.expect(404, "DELETE", "/api/me/channels/" + id, token, null);
            JsonNode email = c.json(201, "POST", "/api/me/channels", token,
                    "{\"kind\":\"email\",\"address\":\"tourist@example.org\",\"digest\":\"daily\"}");
            c.expect(200, "GET", "/api/me/channels", token, null);
            c.expect(200, "POST", "/api/me/channels/" + email.get("id").asText() + "/test", token, null);
            assertThat(mail.waitForIncomingEmail(10_000, 1)).as("the email channel's test mail arrived").isTrue();
            c.expect(204, "DELETE", "/api/me/channels/" + email.get("id").asText(), token, null);
        } finally {
            receiver.stop(0);
        }
    }

    /** Requests the server refuses with a 4xx; each also breaks the document. Returns how many. */
    private int requestsTheApiRefuses(String base) throws Exception {
        Calls c = new Calls(base);
        c.expect(400, "GET", "/api/manga?size=500", null, null);
        c.expect(400, "GET", "/api/groups?manga=not-a-uuid", null, null);
        c.expect(400, "GET", "/api/manga?status=finished", null, null);
        c.expect(400, "GET", "/api/manga?content_rating=nsfw", null, null);
        c.expect(401, "GET", "/api/me", null, null);
        c.expect(401, "GET", "/api/admin/status", null, null);
        c.expect(401, "PATCH", "/api/me/preferences", null, "{\"new_manga\":false}");
        c.expect(401, "GET", "/api/me/upcoming", null, null);
        c.expect(401, "POST", "/api/me/library/import", null, "[]");
        c.expect(400, "POST", "/api/users", ADMIN, "{}");
        c.expect(400, "POST", "/api/jobs", ADMIN, "{\"kind\":\"dance\"}");
        c.expect(400, "GET", "/api/jobs/not-a-uuid", null, null);
        c.expect(400, "GET", "/covers/not-a-uuid/x.jpg.256.jpg", null, null);
        c.expect(401, "POST", "/api/me/feeds/rotate", null, null);
        c.expect(404, "GET", "/feeds/" + "x".repeat(65) + ".atom", null, null);
        c.expect(400, "GET", "/api/users?limit=5000", ADMIN, null);
        c.expect(401, "GET", "/api/users", null, null);
        c.expect(401, "POST", "/api/me/token", null, null);
        c.expect(400, "DELETE", "/api/users/not-a-number", ADMIN, null);
        c.expect(400, "POST", "/api/users/0/disable", ADMIN, null);
        c.expect(401, "GET", "/api/me/channels", null, null);
        c.expect(400, "POST", "/api/session", null, "{}");
        c.expect(401, "GET", "/api/session", null, null);
        c.expect(401, "GET", "/api/me/app-tokens", null, null);
        c.expect(400, "POST", "/api/invitations", ADMIN, "{\"valid_for_hours\":0}");
        c.expect(400, "POST", "/api/invitations/accept", null, "{\"code\":\"x\"}");
        return c.count;
    }

    /**
     * Sends requests through the proxy and checks each status; counts them. Every JSON answer's property names are
     * held to the API's one casing (the health checks are keyed by component name, not by property).
     */
    private final class Calls {
        private final String base;
        private int count;
        private int answers;
        private final List<String> notSnakeCase = new java.util.ArrayList<>();

        Calls(String base) {
            this.base = base;
        }

        HttpResponse<String> expect(int status, String method, String path, String token, String body) throws Exception {
            return expect(status, method, path, token, body, Map.of());
        }

        HttpResponse<String> expect(int status, String method, String path, String token, String body,
                                    Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(PATIENCE)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (body != null) b.header("Content-Type", "application/json");
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            count++;
            assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
            if (r.headers().firstValue("Content-Type").orElse("").contains("json") && !path.equals("/openapi.json")) {
                answers++;
                SnakeCase.inAnswer(JSON.readTree(r.body()), java.util.Set.of("/components"))
                        .forEach(name -> notSnakeCase.add(method + " " + path + ": " + name));
            }
            return r;
        }

        JsonNode json(int status, String method, String path, String token, String body) throws Exception {
            return JSON.readTree(expect(status, method, path, token, body).body());
        }
    }

    private Config config(Simulator sim) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "true",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_CHAPTER_INTERVAL", "1s",
                "MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1"));
        env.putAll(Map.of("MANGAHUB_SMTP_HOST", "127.0.0.1", "MANGAHUB_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                "MANGAHUB_SMTP_SECURITY", "none", "MANGAHUB_SMTP_FROM", "tour@example.org"));
        return Config.from(env);
    }
}
