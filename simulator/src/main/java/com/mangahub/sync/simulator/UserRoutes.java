package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The logged-in user's endpoints, answering from {@link Accounts} like MangaDex: a bearer access token or 401
 * ({@code unauthorized_http_exception}), {@code /user/follows/manga} 1–100 a page (default 10), read markers grouped,
 * all statuses at once, and setting read markers with a body of at most 10 KB.
 */
final class UserRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MARK_BODY = 10 * 1024;
    private final World world;
    private final Accounts accounts;
    private final Documents documents;

    UserRoutes(World world, Accounts accounts) {
        this.world = world;
        this.accounts = accounts;
        this.documents = new Documents(world);
    }

    private Accounts.Account account(String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
        return accounts.byAccessToken(token).orElseThrow(() -> new MangaDexError(401, "unauthorized_http_exception",
                "User is not authenticated"));
    }

    Reply follows(QueryParams q, String authorization) {
        Accounts.Account a = account(authorization);
        QueryParams.Paging paging = q.paging(1, 100, 10);
        List<UUID> ids;
        synchronized (accounts) {
            ids = new ArrayList<>(a.follows);
        }
        return world.read(() -> {
            List<ObjectNode> data = new ArrayList<>();
            for (int i = paging.offset(); i < Math.min(ids.size(), paging.offset() + paging.limit()); i++) {
                MangaEntry m = world.manga(ids.get(i));
                if (m != null) data.add(documents.manga(m, Set.of()));
            }
            return Reply.json(200, Documents.collection(data, paging.limit(), paging.offset(), ids.size()).toString());
        });
    }

    Reply readMarkers(QueryParams q, String authorization) {
        Accounts.Account a = account(authorization);
        List<UUID> ids = q.ids("ids[]");
        if (ids.isEmpty()) throw MangaDexError.validation("ids", "This value should not be blank.");
        boolean grouped = "true".equals(q.single("grouped")) || "1".equals(q.single("grouped"));
        ObjectNode body = JSON.createObjectNode().put("result", "ok");
        synchronized (accounts) {
            if (grouped) {
                ObjectNode data = JSON.createObjectNode();
                for (UUID id : ids) {
                    Set<UUID> read = a.read.get(id);
                    if (read == null || read.isEmpty()) continue;
                    var marks = data.putArray(id.toString());
                    read.forEach(c -> marks.add(c.toString()));
                }
                // PHP: an empty map is sent as []
                if (data.isEmpty()) body.putArray("data"); else body.set("data", data);
            } else {
                var data = body.putArray("data");
                for (UUID id : ids) a.read.getOrDefault(id, Set.of()).forEach(c -> data.add(c.toString()));
            }
        }
        return Reply.json(200, body.toString());
    }

    Reply statuses(QueryParams q, String authorization) {
        Accounts.Account a = account(authorization);
        ObjectNode body = JSON.createObjectNode().put("result", "ok");
        synchronized (accounts) {
            // PHP: an empty map is sent as []
            if (a.statuses.isEmpty()) {
                body.putArray("statuses");
            } else {
                ObjectNode statuses = body.putObject("statuses");
                a.statuses.forEach((id, s) -> statuses.put(id.toString(), s));
            }
        }
        return Reply.json(200, body.toString());
    }

    Reply markRead(String id, String authorization, byte[] raw) {
        Accounts.Account a = account(authorization);
        UUID manga = UUID.fromString(id);
        if (raw.length > MAX_MARK_BODY) throw new MangaDexError(400, "bad_request_http_exception", "Body too large");
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw MangaDexError.validation("body", "Invalid JSON");
        }
        Set<UUID> read = new HashSet<>();
        body.path("chapterIdsRead").forEach(c -> read.add(UUID.fromString(c.asText())));
        Set<UUID> unread = new HashSet<>();
        body.path("chapterIdsUnread").forEach(c -> unread.add(UUID.fromString(c.asText())));
        synchronized (accounts) {
            Set<UUID> marks = a.read.computeIfAbsent(manga, k -> new java.util.LinkedHashSet<>());
            marks.addAll(read);
            marks.removeAll(unread);
        }
        return Reply.json(200, JSON.createObjectNode().put("result", "ok").toString());
    }
}
