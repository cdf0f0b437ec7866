package com.mangahub.sync.reader;

import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token lifecycle over HTTP. A reader: {@code POST /api/me/token} rotates their token (the new one is in the
 * answer, once; the old one, and every stream or observation opened with it, stops at once). The operator (admin
 * token): {@code GET /api/users} lists readers by id, {@code POST /api/users/{id}/disable} and {@code /enable},
 * {@code DELETE /api/users/{id}} deletes a reader with their library and notification log.
 */
public final class AccountRoutes implements Routes {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final RequestAuth auth;
    private final UserAccounts accounts;

    public AccountRoutes(RequestAuth auth, UserAccounts accounts) {
        this.auth = auth;
        this.accounts = accounts;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/me/token", this::rotate);
        app.get("/api/users", this::list);
        app.post("/api/users/{id}/disable", ctx -> {
            auth.requireAdmin(ctx);
            ctx.json(describe(accounts.disable(userId(ctx)).orElseThrow(() -> noSuchReader(ctx))));
        });
        app.post("/api/users/{id}/enable", ctx -> {
            auth.requireAdmin(ctx);
            ctx.json(describe(accounts.enable(userId(ctx)).orElseThrow(() -> noSuchReader(ctx))));
        });
        app.delete("/api/users/{id}", ctx -> {
            auth.requireAdmin(ctx);
            if (!accounts.delete(userId(ctx))) throw noSuchReader(ctx);
            ctx.status(204);
        });
    }

    private void rotate(Context ctx) {
        RequestAuth.Caller caller = auth.caller(ctx);
        long id = caller.user().id();
        // with the API token: that token is replaced (two rotations with it: one wins); signed in otherwise (a browser
        // session, an app token that still works): whichever API token the reader holds
        var rotated = accounts.rotate(id, caller.fingerprint())
                .or(() -> accounts.stillValid(id, caller.fingerprint()) ? accounts.rotateFromElsewhere(id)
                        : java.util.Optional.empty())
                .orElseThrow(ApiError::unauthorized);
        Map<String, Object> out = describe(rotated.account());
        out.put("token", rotated.token());
        out.put("token_expires_at", accounts.expiresAt(rotated.account()).orElse(null));
        ctx.header("Cache-Control", "no-store").json(out);
    }

    private void list(Context ctx) {
        auth.requireAdmin(ctx);
        long after = RequestParams.queryNumber(ctx, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) RequestParams.queryNumber(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        List<UserAccount> page = accounts.list(after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", page.stream().map(AccountRoutes::describe).toList());
        // a full page may have a next one: ask again after its last id
        out.put("next_after", page.size() == limit ? page.getLast().id() : null);
        ctx.json(out);
    }

    private static long userId(Context ctx) {
        return RequestParams.pathNumber(ctx, "id", 1, Long.MAX_VALUE);
    }

    private static ApiError noSuchReader(Context ctx) {
        return ApiError.notFound("no reader with id " + ctx.pathParam("id"));
    }

    private static Map<String, Object> describe(UserAccount a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("name", a.name());
        out.put("languages", a.languages());
        out.put("created_at", a.createdAt());
        out.put("token_issued_at", a.tokenIssuedAt());
        out.put("disabled", a.disabled());
        out.put("disabled_at", a.disabledAt());
        return out;
    }
}
