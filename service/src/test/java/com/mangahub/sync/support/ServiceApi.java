package com.mangahub.sync.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's HTTP API as a test calls it: a bearer token, JSON both ways, and any non-2xx answer fails the test. */
public final class ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public ServiceApi(String base) {
        this.base = base;
    }

    public ServiceApi(int port) {
        this("http://127.0.0.1:" + port);
    }

    public String base() {
        return base;
    }

    /** Sends one request ({@code body} null for none) and returns the parsed JSON answer. */
    public JsonNode send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, Duration.ofSeconds(30));
    }

    /** As {@link #send(String, String, String, String)}, for a request that may wait its turn longer. */
    public JsonNode send(String method, String path, String token, String body, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    /** Opens the reader's SSE stream; its lines arrive in the list as they come (read by a virtual thread). */
    public java.util.List<String> openSse(String token) throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/me/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return Libcoap.lines(response.body());
    }

    /** A new reader's token. */
    public String createReader(String adminToken, String name) throws Exception {
        return send("POST", "/api/users", adminToken, JSON.createObjectNode().put("name", name).toString())
                .get("token").asText();
    }
}
