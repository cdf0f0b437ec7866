package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's auth server and user endpoints keep MangaDex's shapes and limits (library-sync facts): Keycloak's
 * token JSON and error JSON, form bodies only, refresh tokens replaced on use; 401 without a valid bearer, follows
 * 1–100 a page (default 10), grouped read markers ({@code []} when none), a read-marker body of at most 10 KB.
 */
class AccountEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimulatorOptions.defaults().withSeed(9).withWorldSize(30, 60).withRatePerSecond(0));
        sim.accounts().create("ana", "pw", "client-ana", "secret", true);
        sim.accounts().create("bo", "pw", "client-bo", "secret", false);
        sim.accounts().follow("ana", sim.world().mangaIds().subList(0, 25));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void theTokenEndpointSpeaksKeycloakAndReplacesRefreshTokensOnUse() throws Exception {
        HttpResponse<String> json = send(HttpRequest.newBuilder(token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("error").asText()).isEqualTo("invalid_request");

        JsonNode tokens = JSON.readTree(form("grant_type=password&username=ana&password=pw&client_id=client-ana"
                + "&client_secret=secret").body());
        assertThat(tokens.path("expires_in").asInt()).isEqualTo(900);
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.has("refresh_expires_in")).isTrue();
        HttpResponse<String> wrong = form("grant_type=password&username=ana&password=no&client_id=client-ana&client_secret=secret");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(JSON.readTree(wrong.body()).path("error_description").asText()).isEqualTo("Invalid user credentials");
        HttpResponse<String> pending = form("grant_type=password&username=bo&password=pw&client_id=client-bo&client_secret=secret");
        assertThat(JSON.readTree(pending.body()).path("error").asText()).isEqualTo("unauthorized_client");

        String refresh = tokens.path("refresh_token").asText();
        JsonNode renewed = JSON.readTree(form("grant_type=refresh_token&refresh_token=" + refresh
                + "&client_id=client-ana&client_secret=secret").body());
        assertThat(renewed.path("refresh_token").asText()).isNotEqualTo(refresh);
        HttpResponse<String> reused = form("grant_type=refresh_token&refresh_token=" + refresh
                + "&client_id=client-ana&client_secret=secret");
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(reused.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void theUserEndpointsWantABearerAndKeepMangaDexLimits() throws Exception {
        String access = JSON.readTree(form("grant_type=password&username=ana&password=pw&client_id=client-ana"
                + "&client_secret=secret").body()).path("access_token").asText();
        HttpResponse<String> anonymous = get("/user/follows/manga", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("errors").get(0).path("title").asText())
                .isEqualTo("unauthorized_http_exception");
        JsonNode page = JSON.readTree(get("/user/follows/manga", access).body());
        assertThat(page.path("data")).hasSize(10);
        assertThat(page.path("total").asInt()).isEqualTo(25);
        assertThat(get("/user/follows/manga?limit=101", access).statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(get("/user/follows/manga?limit=100&offset=20", access).body()).path("data")).hasSize(5);

        UUID series = sim.world().mangaIds().get(0);
        JsonNode none = JSON.readTree(get("/manga/read?ids[]=" + series + "&grouped=true", access).body());
        assertThat(none.path("data").isArray()).as("PHP's empty map").isTrue();
        UUID chapter = UUID.randomUUID();
        HttpResponse<String> marked = send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/manga/" + series + "/read"))
                .header("Authorization", "Bearer " + access).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chapterIdsRead\":[\"" + chapter + "\"],\"chapterIdsUnread\":[]}")));
        assertThat(marked.statusCode()).isEqualTo(200);
        JsonNode grouped = JSON.readTree(get("/manga/read?ids[]=" + series + "&grouped=true", access).body());
        assertThat(grouped.path("data").path(series.toString()).get(0).asText()).isEqualTo(chapter.toString());
        String big = "{\"chapterIdsRead\":[" + String.join(",", java.util.Collections.nCopies(300, "\"" + chapter + "\""))
                + "]}";
        HttpResponse<String> tooBig = send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/manga/" + series + "/read"))
                .header("Authorization", "Bearer " + access).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(tooBig.statusCode()).isEqualTo(400);
        sim.accounts().expireAccessTokens("ana");
        assertThat(get("/user/follows/manga", access).statusCode()).as("expired").isEqualTo(401);
        assertThat(sim.accounts().follows("ana")).hasSize(25);
        assertThat(List.copyOf(sim.accounts().readMarkers("ana", series))).containsExactly(chapter);
    }

    private static URI token() {
        return URI.create(sim.baseUri() + "/realms/mangadex/protocol/openid-connect/token");
    }

    private static HttpResponse<String> form(String body) throws Exception {
        return send(HttpRequest.newBuilder(token()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUri() + path.replace("[", "%5B").replace("]", "%5D")))
                .header("User-Agent", SimClient.USER_AGENT);
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
