package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for talking to a simulator in tests, with an honest User-Agent unless told otherwise. */
final class SimClient {
    static final String USER_AGENT = "MangaHubSync-tests/0.1 (+https://github.com/mangahub/mangahub-sync)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    SimClient(Simulator simulator) {
        this.base = simulator.baseUri();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).header("User-Agent", USER_AGENT).build());
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery.replace("[", "%5B").replace("]", "%5D")))
                .timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        return parse(response.body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
