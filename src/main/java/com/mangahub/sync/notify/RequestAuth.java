package com.mangahub.sync.notify;

import com.mangahub.sync.config.Secret;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import io.javalin.http.Context;

/** Who is calling: a user by their API token, or the operator by the admin token (compared in constant time). */
public final class RequestAuth {
    private static final String BEARER = "Bearer ";

    private final UserAccounts accounts;
    private final Secret adminToken;

    public RequestAuth(UserAccounts accounts, Secret adminToken) {
        this.accounts = accounts;
        this.adminToken = adminToken;
    }

    /** The user whose token is in {@code Authorization: Bearer <token>}; 401 otherwise. */
    public UserAccount user(Context ctx) {
        return accounts.authenticate(bearer(ctx)).orElseThrow(ApiError::unauthorized);
    }

    /** Passes only with the admin token; 401 otherwise. */
    public void requireAdmin(Context ctx) {
        if (!adminToken.matches(bearer(ctx))) throw ApiError.unauthorized();
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        return header.substring(BEARER.length()).strip();
    }
}
