package com.mangahub.sync.reader;

import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;

/** {@code GET /api/me/upcoming}: the reader's followed series with their expected next chapter (issue 28). */
public final class UpcomingRoutes implements Routes {
    private final RequestAuth auth;
    private final Upcoming upcoming;

    public UpcomingRoutes(RequestAuth auth, Upcoming upcoming) {
        this.auth = auth;
        this.upcoming = upcoming;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/me/upcoming", ctx -> ctx.json(upcoming.of(auth.user(ctx).id())));
    }
}
