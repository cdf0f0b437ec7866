package com.mangahub.sync.reader;

import com.mangahub.sync.store.AppTokenStore.AppTokenRow;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reader's named app tokens: {@code POST /api/me/app-tokens} makes one (the token in the answer, once),
 * {@code GET /api/me/app-tokens} lists them without their secret and with their last use,
 * {@code DELETE /api/me/app-tokens/{id}} revokes one: refused from that commit on, its open streams ended.
 */
public final class AppTokenRoutes implements Routes {
    private final RequestAuth auth;
    private final AppTokens tokens;

    public AppTokenRoutes(RequestAuth auth, AppTokens tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/me/app-tokens", ctx -> {
            long userId = auth.user(ctx).id();
            AppTokens.NewAppToken made = tokens.create(userId, JsonBody.read(ctx).string("name", AppTokens.MAX_NAME));
            Map<String, Object> out = describe(made.row());
            out.put("token", made.token());
            ctx.status(201).header("Cache-Control", "no-store").json(out);
        });
        app.get("/api/me/app-tokens", ctx -> ctx.json(Map.of("app_tokens",
                tokens.list(auth.user(ctx).id()).stream().map(AppTokenRoutes::describe).toList())));
        app.delete("/api/me/app-tokens/{id}", ctx -> {
            long userId = auth.user(ctx).id();
            long id = RequestParams.pathNumber(ctx, "id", 1, Long.MAX_VALUE);
            if (!tokens.revoke(userId, id)) throw ApiError.notFound("you have no app token with id " + id);
            ctx.status(204);
        });
    }

    private static Map<String, Object> describe(AppTokenRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id());
        out.put("name", row.name());
        out.put("created_at", row.createdAt());
        out.put("last_used_at", row.lastUsedAt());
        return out;
    }
}
