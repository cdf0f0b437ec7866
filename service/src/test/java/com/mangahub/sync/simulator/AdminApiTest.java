package com.mangahub.sync.simulator;

import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /_sim/ admin API drives a simulator started from the command line. */
class AdminApiTest {
    static final String TOKEN = "test-admin-token";
    static final SettableClock clock = new SettableClock(Instant.parse("2026-04-01T00:00:00Z"));
    static Simulator simulator;
    static SimClient client;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(20, 200).withRatePerSecond(0)
                .withClock(clock).withAdminToken(TOKEN));
        client = new SimClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static HttpResponse<String> post(String path, String body, String token) {
        HttpRequest.Builder request = client.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return client.send(request.build());
    }

    @Test
    void changesWithoutTheTokenAreRefused() {
        assertThat(post("/_sim/down", "", null).statusCode()).isEqualTo(401);
        assertThat(post("/_sim/down", "", "wrong").statusCode()).isEqualTo(401);
        assertThat(client.get("/manga?limit=1").statusCode()).as("still up").isEqualTo(200);
    }

    @Test
    void aChapterPublishedThroughTheAdminApiIsListedAtOnce() {
        String mangaId = simulator.world().mangaIds().get(3).toString();
        HttpResponse<String> published = post("/_sim/publish/chapter", "{\"mangaId\":\"" + mangaId + "\",\"language\":\"fr\"}", TOKEN);
        assertThat(published.statusCode()).isEqualTo(200);
        String id = SimClient.parse(published.body()).get("id").asText();
        JsonNode page = client.json("/chapter?ids[]=" + id + "&contentRating[]=safe&contentRating[]=suggestive"
                + "&contentRating[]=erotica&contentRating[]=pornographic");
        assertThat(page.at("/data/0/attributes/translatedLanguage").asText()).isEqualTo("fr");
        assertThat(client.json("/manga/" + mangaId).at("/data/attributes/latestUploadedChapter").asText()).isEqualTo(id);
    }

    @Test
    void aMangaPublishedThroughTheAdminApiExists() {
        HttpResponse<String> published = post("/_sim/publish/manga", "", TOKEN);
        String id = SimClient.parse(published.body()).get("id").asText();
        assertThat(client.get("/manga/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void statsFaultsAndTheRateLimitWindowCanBeDrivenOverHttp() {
        assertThat(post("/_sim/stats/reset", "", TOKEN).statusCode()).isEqualTo(200);
        client.get("/manga?limit=1");
        JsonNode stats = SimClient.parse(client.get("/_sim/stats").body());
        assertThat(stats.get("totalRequests").asLong()).isEqualTo(1);
        assertThat(stats.get("requestsByEndpointAndStatus").get("GET /manga 200").asLong()).isEqualTo(1);

        post("/_sim/faults", "{\"htmlErrors\":1}", TOKEN);
        assertThat(client.get("/manga?limit=1").statusCode()).isIn(502, 503);
        post("/_sim/faults", "{}", TOKEN);
        assertThat(client.get("/manga?limit=1").statusCode()).isEqualTo(200);

        post("/_sim/rate-limited", "{\"seconds\":30}", TOKEN);
        assertThat(client.get("/manga?limit=1").statusCode()).isEqualTo(429);
        post("/_sim/advance", "{\"seconds\":31}", TOKEN);
        assertThat(client.get("/manga?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void badAdminInputIsAClear400() {
        HttpResponse<String> response = post("/_sim/faults", "{\"serverErrors\":2}", TOKEN);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("0..1");
        assertThat(post("/_sim/advance", "{}", TOKEN).body()).contains("missing field: seconds");
    }
}
