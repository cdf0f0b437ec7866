package com.mangahub.sync.workflow;

import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.CatalogueView.MangaDetail;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue read API: {@code GET /api/manga} (paged, {@code q} title search, {@code status}, {@code tag} and
 * {@code content_rating} filters), {@code GET /api/manga/{id}} with tags and latest chapter, {@code GET /api/manga/{id}/chapters}. A series
 * is named by local id, MangaDex id or slug. Reading is open, like MangaDex itself.
 */
final class CatalogueRoutes implements Routes {
    private static final Set<String> STATUSES = Set.of("ongoing", "completed", "hiatus", "cancelled");
    private static final Set<String> RATINGS = Set.of("safe", "suggestive", "erotica", "pornographic");
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
        Optional<String> status = RequestParams.queryText(ctx, "status", 32);
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ApiError.badRequest("status", "status must be one of ongoing, completed, hiatus, cancelled");
        }
        Optional<String> rating = RequestParams.queryText(ctx, "content_rating", 32);
        if (rating.isPresent() && !RATINGS.contains(rating.get())) {
            throw ApiError.badRequest("content_rating", "content_rating must be one of safe, suggestive, erotica, pornographic");
        }
        var filter = new CatalogueQueries.Filter(RequestParams.queryText(ctx, "q", 200), status,
                RequestParams.queryText(ctx, "tag", 100), rating);
        ctx.json(queries.list(filter, (int) RequestParams.queryNumber(ctx, "page", 1, 1_000_000, 1),
                (int) RequestParams.queryNumber(ctx, "size", 1, MAX_SIZE, 20)));
    }

    private void chapters(Context ctx) {
        MangaDetail series = series(ctx);
        int limit = (int) RequestParams.queryNumber(ctx, "limit", 1, 500, 50);
        int offset = (int) RequestParams.queryNumber(ctx, "offset", 0, 10_000_000, 0);
        ctx.json(queries.chapters(series.id(), limit, offset));
    }

    private MangaDetail series(Context ctx) {
        String key = RequestParams.pathText(ctx, "id", 100);
        return queries.find(key).orElseThrow(() -> ApiError.notFound("no series " + key + " in the catalogue"));
    }
}
