package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.Version;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MangaDex's auth server (Keycloak at auth.mangadex.org): the OAuth 2 password grant with a reader's personal API
 * client, and the refresh grant. Another host than the API, with no documented rate limit, so its requests do not
 * take a slot of the API's rate gate; they are few by design (a password grant when a source is linked, then one
 * refresh per 15-minute access token at most, only when a sync needs one). Form-encoded, as Keycloak requires. The
 * answer of a refused grant is Keycloak's {@code {"error", "error_description"}}: only {@code invalid_grant} means
 * "ask the reader again"; 429, 5xx and I/O failures are {@link MangaDexException.Unavailable}, retried at the next
 * sync. Nothing here logs a request or an answer: both carry secrets.
 */
public final class AuthServer implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024;
    private final URI tokenUrl;
    private final Duration timeout;
    private final MangaDexHttp client;
    private final HttpClient http;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    /** With a client of its own, {@code timeout} also its connect timeout. */
    public AuthServer(URI tokenUrl, Duration timeout, ObjectMapper json, MeterRegistry registry) {
        this(tokenUrl, timeout, json, registry, MangaDexHttp.forOne(timeout));
    }

    /** With the process's client for MangaDex's hosts. */
    public AuthServer(URI tokenUrl, Duration timeout, ObjectMapper json, MeterRegistry registry, MangaDexHttp client) {
        this.tokenUrl = tokenUrl;
        this.timeout = timeout;
        this.json = json;
        this.registry = registry;
        this.client = client.hold();
        this.http = client.client();
    }

    /** What a grant came to. */
    public sealed interface Grant {
        /** {@code refreshExpiresIn} is Keycloak's undocumented field (hours to weeks): trusted when present. */
        record Tokens(String accessToken, String refreshToken, Duration expiresIn) implements Grant {
            @Override
            public String toString() {
                return "Tokens[***, expiresIn=" + expiresIn + "]";
            }
        }

        /** Keycloak refused: {@code invalid_grant}, {@code unauthorized_client}, {@code invalid_client}… */
        record Refused(String error, String description) implements Grant {}
    }

    public Grant password(String clientId, String clientSecret, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        return grant("password", form);
    }

    public Grant refresh(String clientId, String clientSecret, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        return grant("refresh_token", form);
    }

    private Grant grant(String type, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(k + "=" + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", Version.current().userAgent()).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(request, CappedBody.handler(MAX_BODY)).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            count(type, "io_error");
            throw new MangaDexException.Unavailable("MangaDex's auth server cannot be reached: "
                    + Transport.describe(e instanceof ExecutionException ? e.getCause() : e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while calling MangaDex's auth server", e);
        }
        int status = response.statusCode();
        count(type, Integer.toString(status));
        JsonNode answer = parse(response.body());
        if (status == 200 && answer != null && answer.hasNonNull("access_token")) {
            return new Grant.Tokens(answer.get("access_token").asText(), answer.path("refresh_token").asText(null),
                    Duration.ofSeconds(answer.path("expires_in").asLong(900)));
        }
        if (status >= 400 && status < 500 && status != 429 && answer != null && answer.hasNonNull("error")) {
            return new Grant.Refused(answer.get("error").asText(), answer.path("error_description").asText(""));
        }
        throw new MangaDexException.Unavailable("MangaDex's auth server answered " + status + "; retried at the next sync",
                null);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void count(String grant, String status) {
        Counter.builder("mangadex.auth.requests").description("token requests sent to MangaDex's auth server")
                .tag("grant", grant).tag("status_code", status).register(registry).increment();
    }

    @Override
    public void close() {
        client.close();
    }
}
