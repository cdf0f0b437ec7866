package com.mangahub.sync.workflow;

import com.mangahub.sync.store.VocabularyQueries;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The names the web app's pickers show: {@code GET /api/tags} (every tag of the catalogue) and
 * {@code GET /api/groups?q=&manga=} (scanlation groups credited on stored chapters, by name). Reads, open like the
 * catalogue; the reader's controls store ids, and these say what each id is called.
 */
public final class VocabularyRoutes implements Routes {
    private static final int MAX_QUERY = 100;

    private final VocabularyQueries queries;

    public VocabularyRoutes(VocabularyQueries queries) {
        this.queries = queries;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/tags", ctx -> ctx.json(Map.of("tags", queries.tags())));
        app.get("/api/groups", this::groups);
    }

    private void groups(Context ctx) {
        Optional<String> text = RequestParams.queryText(ctx, "q", MAX_QUERY);
        Optional<UUID> series = RequestParams.queryText(ctx, "manga", 36).map(VocabularyRoutes::mangaId);
        ctx.json(Map.of("groups", queries.groups(text, series)));
    }

    private static UUID mangaId(String raw) {
        try {
            if (raw.length() == 36) return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            // refused below, with the same message as any other malformed id
        }
        throw ApiError.badRequest("manga", "manga must be a MangaDex id (a UUID)");
    }
}
