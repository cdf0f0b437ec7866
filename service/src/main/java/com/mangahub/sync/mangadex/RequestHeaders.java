package com.mangahub.sync.mangadex;

import com.mangahub.sync.config.Secret;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * The headers of every MangaDex request: an honest User-Agent (MangaDex requires one that names the program and a
 * contact URL, never a browser's), JSON only, and the personal API key when configured. MangaDex's OpenAPI spec
 * declares a single security scheme, HTTP Bearer, so the key is sent as {@code Authorization: Bearer <key>}. The
 * JDK client never adds a {@code Via} header, which MangaDex forbids.
 */
record RequestHeaders(String userAgent, Optional<Secret> apiKey) {

    HttpRequest.Builder apply(HttpRequest.Builder builder) {
        builder.header("User-Agent", userAgent).header("Accept", "application/json");
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key.value()));
        return builder;
    }

    @Override
    public String toString() {
        return "RequestHeaders[userAgent=" + userAgent + ", apiKey=" + apiKey.map(k -> "***").orElse("none") + "]";
    }
}
