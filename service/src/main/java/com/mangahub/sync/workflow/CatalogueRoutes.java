package com.mangahub.sync.workflow;

import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.CatalogueView.MangaDetail;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue read API: {@code GET /api/manga} (paged; {@code q} a title, a MangaDex id or a mangadex.org title
 * address; {@code status}, {@code tag} and {@code content_rating} filters; {@code remote} when to ask MangaDex's own
 * search, see {@link CatalogueSearch}), {@code GET /api/manga/{id}} with tags and latest chapter,
 * {@code GET /api/manga/{id}/chapters}. A series is named by local id, MangaDex id or slug. Reading the mirror is
 * open, like MangaDex itself; asking MangaDex spends the shared rate budget, so only a signed-in reader does.
 */
final class CatalogueRoutes implements Routes {
    private static final Set<String> STATUSES = Set.of("ongoing", "completed", "hiatus", "cancelled");
    private static final Set<String> RATINGS = Set.of("safe", "suggestive", "erotica", "pornographic");
    private static final int MAX_SIZE = 100;

    private final CatalogueQueries queries;
    private final CatalogueQueries primary;
    private final CatalogueSearch search;
    private final SearchingReaders readers;

    /**
     * @param queries the lag-tolerant reads (the read replica while it is in use)
     * @param primary where a series the replica lacks is looked for: one a reader's follow or search added just now
     */
    CatalogueRoutes(CatalogueQueries queries, CatalogueQueries primary, CatalogueSearch search,
                    SearchingReaders readers) {
        this.queries = queries;
        this.primary = primary;
        this.search = search;
        this.readers = readers;
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
            throw ApiError.badRequest("content_rating",
                    "content_rating must be one of safe, suggestive, erotica, pornographic");
        }
        CatalogueSearch.Remote remote = remote(ctx);
        var filter = new CatalogueQueries.Filter(RequestParams.queryText(ctx, "q", 200).map(String::strip)
                .filter(q -> !q.isEmpty()), status, RequestParams.queryText(ctx, "tag", 100), rating);
        Optional<Long> reader = remote == CatalogueSearch.Remote.NEVER ? Optional.empty() : readers.reader(ctx);
        if (remote == CatalogueSearch.Remote.ALWAYS && reader.isEmpty()) throw ApiError.unauthorized();
        int page = (int) RequestParams.queryNumber(ctx, "page", 1, 1_000_000, 1);
        int size = (int) RequestParams.queryNumber(ctx, "size", 1, MAX_SIZE, 20);
        CatalogueSearch.Answer answer;
        try {
            // a reader's search may ask MangaDex: it counts among their MangaDex-bound work in flight
            answer = reader.isPresent()
                    ? readers.mangaDexWork(reader.get(), () -> search.search(filter, page, size, remote, true))
                    : search.search(filter, page, size, remote, false);
        } catch (CatalogueSearch.Refused e) {
            throw new ApiError(e.status(), e.status() == 404 ? "not_found" : e.status() == 503
                    ? "mangadex_unavailable" : "bad_request", e.getMessage(), "q");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", answer.page().items());
        out.put("page", answer.page().page());
        out.put("size", answer.page().size());
        out.put("total", answer.page().total());
        Map<String, Object> mangadex = new LinkedHashMap<>();
        mangadex.put("asked", answer.mangadex().asked());
        mangadex.put("cached", answer.mangadex().cached());
        mangadex.put("found", answer.mangadex().found());
        if (answer.mangadex().error() != null) mangadex.put("error", answer.mangadex().error());
        out.put("mangadex", mangadex);
        ctx.json(out);
    }

    private static CatalogueSearch.Remote remote(Context ctx) {
        String value = RequestParams.queryText(ctx, "remote", 16).orElse("auto").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> CatalogueSearch.Remote.AUTO;
            case "always" -> CatalogueSearch.Remote.ALWAYS;
            case "never" -> CatalogueSearch.Remote.NEVER;
            default -> throw ApiError.badRequest("remote", "remote must be one of auto, always, never");
        };
    }

    private void chapters(Context ctx) {
        MangaDetail series = series(ctx);
        int limit = (int) RequestParams.queryNumber(ctx, "limit", 1, 500, 50);
        int offset = (int) RequestParams.queryNumber(ctx, "offset", 0, 10_000_000, 0);
        ctx.json(queries.chapters(series.id(), limit, offset));
    }

    private MangaDetail series(Context ctx) {
        String key = RequestParams.pathText(ctx, "id", 100);
        // a miss on the replica may be a series stored a moment ago (a follow by id, a search): the primary decides
        return queries.find(key).or(() -> primary.find(key))
                .orElseThrow(() -> ApiError.notFound("no series " + key + " in the catalogue"));
    }
}
