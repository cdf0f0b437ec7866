package com.mangahub.sync.reader;

import com.mangahub.sync.store.SourceStore;
import com.mangahub.sync.store.SourceStore.Source;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader's library sources: {@code POST /api/me/sources} links one and syncs it at once (a login or list MangaDex
 * refuses is a 422 naming the field, and nothing is kept), {@code GET} lists them with their state, {@code DELETE}
 * removes one with its credentials (its follows stay, as the reader's own), {@code POST …/sync} syncs now and lifts
 * a pause. No answer ever holds a secret.
 */
public final class SourceRoutes implements Routes {
    /** Enough for an account and a few lists; more is a mistake or an attack on the shared MangaDex budget. */
    static final int MAX_SOURCES = 10;

    private final RequestAuth auth;
    private final SourceStore sources;
    private final SourceSyncs syncs;
    private final Clock clock;

    public SourceRoutes(RequestAuth auth, SourceStore sources, SourceSyncs syncs, Clock clock) {
        this.auth = auth;
        this.sources = sources;
        this.syncs = syncs;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/me/sources", ctx -> ctx.json(Map.of("sources",
                sources.list(auth.user(ctx).id()).stream().map(SourceRoutes::describe).toList())));
        app.post("/api/me/sources", this::add);
        app.delete("/api/me/sources/{id}", ctx -> {
            if (!sources.delete(auth.user(ctx).id(), id(ctx))) throw noSuchSource();
            ctx.status(204);
        });
        app.post("/api/me/sources/{id}/sync", ctx -> {
            UserAccount user = auth.user(ctx);
            Source s = sources.find(user.id(), id(ctx)).orElseThrow(SourceRoutes::noSuchSource);
            sources.dueNow(s.id(), clock.instant());
            syncs.syncNow(s.id());
            ctx.json(describe(sources.find(user.id(), s.id()).orElseThrow(SourceRoutes::noSuchSource)));
        });
    }

    private void add(Context ctx) {
        UserAccount user = auth.user(ctx);
        SourceRequest request = SourceRequest.read(JsonBody.read(ctx));
        List<Source> existing = sources.list(user.id());
        if (existing.size() >= MAX_SOURCES) {
            throw new ApiError(409, "too_many_sources", "a reader links at most " + MAX_SOURCES + " sources", "kind");
        }
        if (existing.stream().anyMatch(s -> s.kind().equals(request.kind()) && s.label().equals(request.label()))) {
            throw new ApiError(409, "source_exists", "this source is linked already", request.kind().equals(
                    SourceRequest.LIST) ? "list" : "username");
        }
        Source created = sources.create(user.id(), request.kind(), request.label(), request.listId(), request.mode(),
                request.writeBack(), request.credentials(), clock.instant());
        syncs.syncNow(created.id());
        Source after = sources.find(user.id(), created.id()).orElseThrow(SourceRoutes::noSuchSource);
        if (after.pausedReason() != null) {
            // refused at once: a wrong login, an unapproved client, a private or deleted list; nothing is kept
            sources.delete(user.id(), created.id());
            throw new ApiError(422, "source_refused", after.pausedReason(), refusedField(request, after.pausedReason()));
        }
        ctx.status(201).json(describe(after));
    }

    private static String refusedField(SourceRequest request, String reason) {
        if (request.kind().equals(SourceRequest.LIST)) return "list";
        return reason.contains("API client") ? "client_id" : "password";
    }

    static Map<String, Object> describe(Source s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("kind", s.kind());
        out.put("label", s.label());
        out.put("list_id", s.listId());
        out.put("mode", s.mode());
        out.put("write_back", s.writeBack());
        out.put("state", s.pausedReason() != null ? "paused" : s.lastError() != null ? "failing"
                : s.lastSuccessAt() == null ? "pending" : "ok");
        out.put("created_at", s.createdAt());
        out.put("last_sync_at", s.lastSyncAt());
        out.put("last_success_at", s.lastSuccessAt());
        out.put("next_sync_at", s.pausedReason() != null ? null : s.nextSyncAt());
        out.put("last_added", s.lastAdded());
        out.put("last_removed", s.lastRemoved());
        out.put("last_progress", s.lastProgress());
        out.put("last_error", s.lastError());
        out.put("paused_reason", s.pausedReason());
        out.put("paused_at", s.pausedAt());
        return out;
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw noSuchSource();
        }
    }

    private static ApiError noSuchSource() {
        return ApiError.notFound("no such source");
    }
}
