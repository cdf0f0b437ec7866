package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The running service's REST API as the CLI client commands use it. Failures become one clear line: the service is
 * not running, the token was refused, or the API's own error message.
 */
final class ServiceClient {
    private final URI base;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceClient(URI base, ObjectMapper json) {
        this.base = base;
        this.json = json;
    }

    /** An absolute address on the service, e.g. for a feed's path. */
    /** The service's address as this client reaches it. */
    URI base() {
        return base;
    }

    URI resolve(String path) {
        return base.resolve(path);
    }

    /** Sends the request and returns the JSON answer (empty object for 204); throws with the API's message. */
    JsonNode call(String method, String path, String bearer, String body) {
        return send(method, path, bearer, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), "application/json");
    }

    /** A file's own bytes with their type (a library import). */
    JsonNode upload(String path, String bearer, byte[] body, String contentType) {
        return send("POST", path, bearer, HttpRequest.BodyPublishers.ofByteArray(body), contentType);
    }

    private JsonNode send(String method, String path, String bearer, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", contentType)
                .method(method, body)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach MangaHub at " + base + " (is `mangahub serve` running?)", e);
        } catch (IOException e) {
            throw new IllegalStateException("talking to MangaHub at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            String message = answer.path("message").asText("HTTP " + response.statusCode());
            throw new IllegalStateException(response.statusCode() == 401 ? "token refused: " + message : message);
        }
        return answer;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) return json.createObjectNode();
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // not JSON (a proxy's error page, say): its text is the message
            return json.createObjectNode().put("message", body.strip());
        }
    }
}
