package com.mangahub.sync.web;

import com.mangahub.sync.config.Secret;
import io.javalin.http.Context;

/**
 * The one check every mutating and trigger endpoint makes: {@code Authorization: Bearer <admin token>}, compared in
 * constant time. Anything else is a 401 that says nothing about why.
 */
public record AdminGate(Secret adminToken) {
    private static final String BEARER = "Bearer ";

    /** Passes only with the admin token; throws a 401 otherwise. */
    public void require(Context ctx) {
        if (!adminToken.matches(bearer(ctx))) throw ApiError.unauthorized();
    }

    /** The token of an {@code Authorization: Bearer …} header (scheme case-insensitive), or null. */
    public static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        return header.substring(BEARER.length()).strip();
    }
}
