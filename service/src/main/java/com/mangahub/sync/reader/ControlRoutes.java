package com.mangahub.sync.reader;

import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.LibraryStore.Series;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The reader's controls over HTTP: {@code PATCH /api/me/library/{manga_id}} (per-series settings),
 * {@code PUT /api/me/library/{manga_id}/progress}, {@code GET} and {@code PATCH /api/me/preferences}.
 */
public final class ControlRoutes implements Routes {
    /** Room for the longest acceptable lists (100 ids of 36 characters per field), and a 400 naming the field beyond. */
    private static final int MAX_BODY = 512 * 1024;

    private final RequestAuth auth;
    private final LibraryStore library;
    private final ReaderControls controls;

    public ControlRoutes(RequestAuth auth, LibraryStore library, ReaderControls controls) {
        this.auth = auth;
        this.library = library;
        this.controls = controls;
    }

    @Override
    public void register(Javalin app) {
        app.patch("/api/me/library/{manga_id}", this::patchSeries);
        app.put("/api/me/library/{manga_id}/progress", this::setProgress);
        app.get("/api/me/preferences", ctx -> ctx.json(controls.preferences(auth.user(ctx).id())));
        app.patch("/api/me/preferences", ctx -> {
            UserAccount user = auth.user(ctx);
            controls.patchPreferences(user.id(), JsonBody.read(ctx, MAX_BODY).root());
            ctx.json(controls.preferences(user.id()));
        });
    }

    private void patchSeries(Context ctx) {
        UserAccount user = auth.user(ctx);
        Series series = followed(ctx);
        if (!controls.patchSeries(user.id(), series.id(), JsonBody.read(ctx, MAX_BODY).root())) throw notFollowed(series);
        ctx.json(describe(user, series));
    }

    private void setProgress(Context ctx) {
        UserAccount user = auth.user(ctx);
        Series series = followed(ctx);
        JsonBody body = JsonBody.read(ctx);
        if (!body.root().has("chapter")) throw ApiError.badRequest("chapter", "chapter is required (null clears it)");
        if (!controls.setProgress(user.id(), series.id(), body.node("chapter"))) throw notFollowed(series);
        ctx.json(describe(user, series));
    }

    private Series followed(Context ctx) {
        UUID id = RequestParams.pathUuid(ctx, "manga_id", "a MangaDex id (a UUID)");
        return library.findSeries(id).orElseThrow(() -> ApiError.notFound("series " + id + " is not in your library"));
    }

    private static ApiError notFollowed(Series series) {
        return ApiError.notFound("series " + series.mangaDexId() + " is not in your library");
    }

    private Map<String, Object> describe(UserAccount user, Series series) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manga_id", series.mangaDexId());
        out.put("title", series.title());
        out.putAll(controls.describe(controls.store().series(user.id(), series.id()).orElseThrow(() -> notFollowed(series))));
        return out;
    }
}
