package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.HttpCalls;
import com.mangahub.sync.support.PostgresExtension;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, acceptance 5: a table over every operation of {@code /openapi.json}, against the whole service. A change
 * made with a session cookie but without the session's CSRF token, or from another site's page, is a JSON 403 on every
 * route that takes the cookie, and gets nothing more than no credential would on every other route. No route answers
 * one reader's data to another reader's session, nor lets that session change it: reader B's session, pointed at
 * reader A's app token and channel, reads none of A's names and leaves A's things as they were.
 */
@ExtendWith(PostgresExtension.class)
class SessionRouteTableTest {
    private static final String ADMIN = "route-table-admin-token-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CHANGES = Set.of("post", "put", "patch", "delete");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** Markers of reader A's data: none may appear in what B's session is answered. */
    private static final String A_NAME = "reader-a-k7q2";
    private static final String A_TOKEN_NAME = "app-token-of-a-x9w4";
    private static final String A_HOOK = "http://127.0.0.1:9/hook-of-a-m3v8";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private record Browser(String cookie, String csrf) {}

    @Test
    void everyChangeMadeWithACookieNeedsItsCsrfTokenAndNoSessionReachesAnotherReadersData(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(8).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            JsonNode doc = JSON.readTree(send(base, "GET", "/openapi.json", Map.of(), null).body());

            String tokenA = JSON.readTree(send(base, "POST", "/api/users", Map.of("Authorization", "Bearer " + ADMIN),
                    "{\"name\":\"" + A_NAME + "\"}").body()).path("token").asText();
            Map<String, String> bearerA = Map.of("Authorization", "Bearer " + tokenA);
            long appTokenA = JSON.readTree(send(base, "POST", "/api/me/app-tokens", bearerA,
                    "{\"name\":\"" + A_TOKEN_NAME + "\"}").body()).path("id").asLong();
            HttpResponse<String> channel = send(base, "POST", "/api/me/channels", bearerA,
                    "{\"kind\":\"webhook\",\"url\":\"" + A_HOOK + "\"}");
            assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
            long channelA = JSON.readTree(channel.body()).path("id").asLong();
            String tokenB = JSON.readTree(send(base, "POST", "/api/users", Map.of("Authorization", "Bearer " + ADMIN),
                    "{\"name\":\"reader-b\"}").body()).path("token").asText();
            Browser b = signIn(base, tokenB);

            List<String> unprotected = new ArrayList<>();
            List<String> leaks = new ArrayList<>();
            List<String> cookieRefused = new ArrayList<>();
            int changes = 0;
            for (var path : doc.get("paths").properties()) {
                for (var op : path.getValue().properties()) {
                    if (!METHODS.contains(op.getKey()) || path.getKey().endsWith("/stream")) continue;
                    String method = op.getKey().toUpperCase();
                    boolean takesCookie = op.getValue().path("security").toString().contains("sessionCookie");
                    String url = concrete(path.getKey(), op.getValue(), appTokenA, channelA);
                    String body = CHANGES.contains(op.getKey()) ? "{}" : null;
                    if (CHANGES.contains(op.getKey())) {
                        changes++;
                        int anonymous = send(base, method, url, Map.of(), body).statusCode();
                        for (Map<String, String> attempt : List.of(Map.of("Cookie", b.cookie()),
                                Map.of("Cookie", b.cookie(), "X-CSRF-Token", "not-" + b.csrf()),
                                Map.of("Cookie", b.cookie(), "X-CSRF-Token", b.csrf(), "Origin", "https://evil.example"))) {
                            HttpResponse<String> answer = send(base, method, url, attempt, body);
                            boolean refused = answer.statusCode() == 403 && answer.body().contains("\"error\":\"forbidden\"");
                            // a route that takes the cookie refuses; any other gives what no credential gets (or
                            // refuses too: signing in from another site's page is refused as well)
                            if (takesCookie ? !refused : answer.statusCode() != anonymous && !refused) {
                                unprotected.add(method + " " + path.getKey() + " " + attempt.keySet() + " -> "
                                        + answer.statusCode() + " " + answer.body());
                            }
                        }
                    } else {
                        HttpResponse<String> answer = send(base, method, url, Map.of("Cookie", b.cookie()), null);
                        if (takesCookie && answer.statusCode() == 401) cookieRefused.add(method + " " + path.getKey());
                        for (String marker : List.of(A_NAME, A_TOKEN_NAME, A_HOOK)) {
                            if (answer.body().contains(marker)) leaks.add(method + " " + path.getKey() + " shows " + marker);
                        }
                    }
                }
            }
            System.out.printf("route table: %d changes, each with no CSRF token, a wrong one and another site's "
                    + "origin; reads of %d paths%n", changes, doc.get("paths").size());
            assertThat(changes).as("changes in the document").isGreaterThan(40);
            assertThat(unprotected).as("changes a cookie made without the CSRF token or from another site").isEmpty();
            assertThat(cookieRefused).as("reads documented to take the cookie that refuse it").isEmpty();
            assertThat(leaks).as("reader A's data in answers to reader B's session").isEmpty();

            // B's session with its CSRF token, aimed at A's things by id: nothing of A's changes
            List<String> reached = new ArrayList<>();
            for (String[] attempt : List.of(new String[] {"DELETE", "/api/me/app-tokens/" + appTokenA},
                    new String[] {"DELETE", "/api/me/channels/" + channelA},
                    new String[] {"PATCH", "/api/me/channels/" + channelA},
                    new String[] {"POST", "/api/me/channels/" + channelA + "/test"},
                    new String[] {"POST", "/api/me/channels/" + channelA + "/dead/retry"},
                    new String[] {"GET", "/api/me/channels/" + channelA + "/dead"})) {
                HttpResponse<String> answer = send(base, attempt[0], attempt[1],
                        Map.of("Cookie", b.cookie(), "X-CSRF-Token", b.csrf()), attempt[0].equals("GET") ? null : "{}");
                if (answer.statusCode() < 300 || answer.body().contains(A_HOOK)) {
                    reached.add(attempt[0] + " " + attempt[1] + " -> " + answer.statusCode() + " " + answer.body());
                }
            }
            assertThat(reached).as("B's session reaching A's things").isEmpty();
            assertThat(send(base, "GET", "/api/me/app-tokens", bearerA, null).body()).contains(A_TOKEN_NAME);
            assertThat(send(base, "GET", "/api/me/channels", bearerA, null).body()).contains(A_HOOK);
            assertThat(send(base, "GET", "/api/me", Map.of("Cookie", b.cookie()), null).statusCode())
                    .as("B's session lived through the table").isEqualTo(200);
            assertThat(send(base, "GET", "/api/me/app-tokens", Map.of("Cookie", b.cookie()), null).body())
                    .isEqualTo("{\"app_tokens\":[]}");
        }
    }

    private Browser signIn(String base, String token) throws Exception {
        HttpResponse<String> signIn = send(base, "POST", "/api/session", Map.of(), "{\"token\":\"" + token + "\"}");
        assertThat(signIn.statusCode()).isEqualTo(201);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        return new Browser(cookie.substring(0, cookie.indexOf(';')), JSON.readTree(signIn.body()).path("csrf_token").asText());
    }

    /** The path with each parameter filled in: reader A's ids where the path names A's kind of thing. */
    private static String concrete(String template, JsonNode operation, long appTokenA, long channelA) {
        String url = template;
        for (JsonNode p : operation.path("parameters")) {
            if (!p.path("in").asText().equals("path")) continue;
            String name = p.path("name").asText();
            String value = template.contains("/app-tokens/") ? Long.toString(appTokenA)
                    : template.contains("/channels/") ? Long.toString(channelA)
                    : p.path("schema").path("type").asText().equals("integer") ? "1"
                    : name.equals("file") ? "cover.jpg.256.jpg" : UUID.randomUUID().toString();
            url = url.replace("{" + name + "}", value);
        }
        return url;
    }

    private HttpResponse<String> send(String base, String method, String path, Map<String, String> headers, String body)
            throws Exception {
        return HttpCalls.send(http, base + path, method, headers, body);
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1"));
    }
}
