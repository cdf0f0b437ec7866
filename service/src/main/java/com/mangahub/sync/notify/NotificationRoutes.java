package com.mangahub.sync.notify;

import com.mangahub.sync.reader.RequestAuth;

import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The notification log over REST: {@code GET /api/me/notifications?after=&limit=} (oldest first, from a cursor),
 * {@code POST /api/me/notifications/{id}/read} and {@code POST /api/me/notifications/read-all}. Every query is
 * scoped to the caller's user, so one token never reaches another user's notifications.
 */
public record NotificationRoutes(RequestAuth auth, NotificationLog log, NotificationJson json) implements Routes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    @Override
    public void register(Javalin app) {
        app.get("/api/me/notifications", this::list);
        app.post("/api/me/notifications/read-all", ctx ->
                ctx.json(Map.of("marked_read", log.markAllRead(auth.user(ctx).id()))));
        app.post("/api/me/notifications/{id}/read", this::markRead);
    }

    private void list(Context ctx) {
        long userId = auth.user(ctx).id();
        long after = RequestParams.queryNumber(ctx, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) RequestParams.queryNumber(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<NotificationRow> rows = log.page(userId, after, limit);
        long next = rows.isEmpty() ? after : rows.getLast().id();
        var details = log.details(userId, rows);
        ctx.json(Map.of("notifications", rows.stream().map(r -> json.full(r, details.get(r.id()))).toList(),
                "next_after", next));
    }

    private void markRead(Context ctx) {
        long userId = auth.user(ctx).id();
        long id = RequestParams.pathNumber(ctx, "id", 1, Long.MAX_VALUE);
        if (!log.markRead(userId, id)) throw ApiError.notFound("you have no notification " + id);
        ctx.status(204);
    }
}
