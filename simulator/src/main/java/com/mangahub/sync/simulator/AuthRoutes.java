package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * MangaDex's auth server (Keycloak, auth.mangadex.org in production; here on the simulator's own port): the token
 * endpoint with the password and refresh grants, form-encoded only, answering Keycloak's token JSON or its
 * {@code {"error", "error_description"}}. Another host than the API, so not behind the API's rate limit.
 */
final class AuthRoutes {
    static final String TOKEN_PATH = "/realms/mangadex/protocol/openid-connect/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Accounts accounts;

    AuthRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    void register(Javalin app) {
        app.post(TOKEN_PATH, this::token);
    }

    private void token(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            error(ctx, 400, "invalid_request", "Missing form parameter: grant_type");
            return;
        }
        String grant = ctx.formParam("grant_type");
        Accounts.Grant result;
        if ("password".equals(grant)) {
            result = accounts.password(ctx.formParam("client_id"), ctx.formParam("client_secret"),
                    ctx.formParam("username"), ctx.formParam("password"));
        } else if ("refresh_token".equals(grant)) {
            result = accounts.refresh(ctx.formParam("client_id"), ctx.formParam("client_secret"),
                    ctx.formParam("refresh_token"));
        } else {
            error(ctx, 400, "unsupported_grant_type", "Unsupported grant_type");
            return;
        }
        switch (result) {
            case Accounts.Grant.Issued t -> ctx.json(JSON.createObjectNode().put("access_token", t.accessToken())
                    .put("expires_in", Accounts.ACCESS_LIFETIME.toSeconds())
                    .put("refresh_expires_in", Accounts.REFRESH_LIFETIME.toSeconds())
                    .put("refresh_token", t.refreshToken()).put("token_type", "Bearer").put("not-before-policy", 0)
                    .put("session_state", java.util.UUID.randomUUID().toString()).put("scope", "groups email profile"));
            case Accounts.Grant.Refused r -> error(ctx, r.status(), r.error(), r.description());
        }
    }

    private static void error(Context ctx, int status, String error, String description) {
        ctx.status(status).json(JSON.createObjectNode().put("error", error).put("error_description", description));
    }
}
