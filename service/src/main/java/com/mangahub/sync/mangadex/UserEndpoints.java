package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The logged-in user's endpoints of {@link UserLibraryApi} (the chapter look-up aside, which is public): the same
 * transport as every request, so they take their turn at the rate gate and count against the one budget.
 */
final class UserEndpoints {
    private static final int PAGE = 100;
    /** MangaDex refuses a read-marker body above 10 KB: about 250 ids; 100 leaves room. */
    private static final int MARKS_PER_REQUEST = 100;
    private static final TypeReference<Wire.Collection<JsonNode>> LIST = new TypeReference<>() {};
    private static final TypeReference<JsonNode> TREE = new TypeReference<>() {};

    private final URI base;
    private final Transport transport;
    private final JsonBodies json;

    UserEndpoints(URI base, Transport transport, JsonBodies json) {
        this.base = base;
        this.transport = transport;
        this.json = json;
    }

    List<UUID> follows(String token) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (int offset = 0; ; offset += PAGE) {
            URI uri = new QueryString().add("limit", PAGE).add("offset", offset).on(base, "/user/follows/manga");
            Wire.Collection<JsonNode> page = transport.send("/user/follows/manga", uri, bearer(token).andThen(b -> b.GET())::apply,
                    body -> body.length == 0 ? new Wire.Collection<>("ok", List.of(), PAGE, 0, 0)
                            : json.parse("/user/follows/manga", body, LIST));
            List<Wire.Entity<JsonNode>> data = page.data() == null ? List.of() : page.data();
            data.stream().map(Wire.Entity::id).filter(java.util.Objects::nonNull).forEach(ids::add);
            int total = page.total() == null ? 0 : page.total();
            // MangaDex's window stops at 10,000 like every list
            if (data.isEmpty() || offset + PAGE >= total || offset + 2 * PAGE > MangaDexClient.RESULT_WINDOW) break;
        }
        return List.copyOf(ids);
    }

    Map<UUID, String> statuses(String token) {
        URI uri = new QueryString().on(base, "/manga/status");
        JsonNode root = transport.send("/manga/status", uri, bearer(token).andThen(b -> b.GET())::apply,
                body -> body.length == 0 ? null : json.parse("/manga/status", body, TREE));
        JsonNode statuses = root == null ? null : root.get("statuses");
        Map<UUID, String> out = new HashMap<>();
        // an account without statuses answers [] (PHP's empty map)
        if (statuses == null || !statuses.isObject()) return out;
        statuses.properties().forEach(e -> {
            UUID manga = uuid(e.getKey());
            if (manga != null && e.getValue().isTextual()) out.put(manga, e.getValue().asText());
        });
        return out;
    }

    Map<UUID, Set<UUID>> readMarkers(String token, Collection<UUID> mangaIds) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(mangaIds));
        Map<UUID, Set<UUID>> out = new HashMap<>();
        for (int from = 0; from < all.size(); from += PAGE) {
            List<UUID> batch = all.subList(from, Math.min(all.size(), from + PAGE));
            URI uri = new QueryString().addEach("ids[]", batch).add("grouped", "true").on(base, "/manga/read");
            JsonNode root = transport.send("/manga/read", uri, bearer(token).andThen(b -> b.GET())::apply,
                    body -> body.length == 0 ? null : json.parse("/manga/read", body, TREE));
            JsonNode data = root == null ? null : root.get("data");
            // grouped: {manga: [chapter ids]}; an account with no markers answers [] (PHP's empty map)
            if (data == null || !data.isObject()) continue;
            data.properties().forEach(e -> {
                UUID manga = uuid(e.getKey());
                if (manga == null || !e.getValue().isArray()) return;
                Set<UUID> chapters = new HashSet<>();
                e.getValue().forEach(c -> {
                    UUID id = uuid(c.asText());
                    if (id != null) chapters.add(id);
                });
                out.put(manga, chapters);
            });
        }
        return out;
    }

    void markRead(String token, UUID mangaId, Collection<UUID> chapterIds) {
        List<UUID> all = List.copyOf(chapterIds);
        for (int from = 0; from < all.size(); from += MARKS_PER_REQUEST) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + MARKS_PER_REQUEST)).stream()
                    .map(UUID::toString).toList();
            String body = "{\"chapterIdsRead\":" + toJsonArray(batch) + ",\"chapterIdsUnread\":[]}";
            transport.send("/manga/{id}/read", new QueryString().on(base, "/manga/" + mangaId + "/read"),
                    bearer(token).andThen(b -> b.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)))::apply,
                    b -> null);
        }
    }

    private static java.util.function.Function<HttpRequest.Builder, HttpRequest.Builder> bearer(String token) {
        return b -> b.setHeader("Authorization", "Bearer " + token);
    }

    private static String toJsonArray(List<String> ids) {
        List<String> quoted = new ArrayList<>();
        for (String id : ids) quoted.add("\"" + id + "\"");
        return "[" + String.join(",", quoted) + "]";
    }

    private static UUID uuid(String text) {
        try {
            return text != null && text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
