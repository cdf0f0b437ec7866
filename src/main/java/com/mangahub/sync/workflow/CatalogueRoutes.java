package com.mangahub.sync.workflow;

import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.CatalogueView.MangaDetail;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue read API: {@code GET /api/manga} (paged, {@code q} title search, {@code status} and {@code tag}
 * filters), {@code GET /api/manga/{id}} with tags and latest chapter, {@code GET /api/manga/{id}/chapters}. A series
 * is named by local id, MangaDex id or slug. Reading is open, like MangaDex itself.
 */
final class CatalogueRoutes implements Routes {
    private static final Set<String> STATUSES = Set.of("ongoing", "completed", "hiatus", "cancelled");
    private static final int MAX_SIZE = 100;

    private final CatalogueQueries queries;

    CatalogueRoutes(CatalogueQueries queries) {
        this.queries = queries;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/manga", this::list);
        app.get("/api/manga/{id}", ctx -> ctx.json(series(ctx)));
        app.get("/api/manga/{id}/chapters", this::chapters);
    }

    private void list(Context ctx) {
        Optional<String> status = text(ctx, "status", 32);
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ApiError.badRequest("status", "status must be one of ongoing, completed, hiatus, cancelled");
        }
        ctx.json(queries.list(text(ctx, "q", 200), status, text(ctx, "tag", 100),
                number(ctx, "page", 1, 1, 1_000_000), number(ctx, "size", 20, 1, MAX_SIZE)));
    }

    private void chapters(Context ctx) {
        MangaDetail series = series(ctx);
        int limit = number(ctx, "limit", 50, 1, 500);
        int offset = number(ctx, "offset", 0, 0, 10_000_000);
        ctx.json(queries.chapters(series.id(), limit, offset));
    }

    private MangaDetail series(Context ctx) {
        String key = ctx.pathParam("id");
        if (key.length() > 100) throw ApiError.badRequest("id", "id is too long");
        return queries.find(key).orElseThrow(() -> ApiError.notFound("no series " + key + " in the catalogue"));
    }

    private static Optional<String> text(Context ctx, String name, int maxLength) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return Optional.empty();
        if (value.length() > maxLength) throw ApiError.badRequest(name, name + " is longer than " + maxLength);
        return Optional.of(value.strip());
    }

    static int number(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw ApiError.badRequest(name, name + " must be a whole number from " + min + " to " + max);
    }
}
