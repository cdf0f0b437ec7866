package com.mangahub.sync.reader;

import com.mangahub.sync.store.SyncContentStore;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reader's SyncYomi key: made (and shown) once by {@code POST /api/me/sync-key}, which revokes the previous one,
 * revoked by {@code DELETE}; only its SHA-256 is stored. Separate from the API token, so a reading app holds a key
 * that can do nothing but sync the library.
 */
public final class SyncKeys implements Routes {
    private final RequestAuth auth;
    private final SyncContentStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SyncKeys(RequestAuth auth, SyncContentStore store, Clock clock) {
        this.auth = auth;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/me/sync-key", ctx -> {
            long user = auth.user(ctx).id();
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String key = "sy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            store.saveKey(user, hash(key), clock.instant());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sync_key", key);
            out.put("created_at", store.keyCreatedAt(user).orElse(null));
            ctx.status(201).header("Cache-Control", "no-store").json(out);
        });
        app.get("/api/me/sync-key", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            var created = store.keyCreatedAt(auth.user(ctx).id());
            out.put("exists", created.isPresent());
            out.put("created_at", created.orElse(null));
            ctx.json(out);
        });
        app.delete("/api/me/sync-key", ctx -> {
            if (!store.revokeKey(auth.user(ctx).id())) throw ApiError.notFound("no sync key to revoke");
            ctx.status(204);
        });
    }

    /** The reader the request's sync key belongs to; a 401 otherwise. */
    long reader(Context ctx) {
        String key = ctx.header("X-API-Token");
        if (key == null || key.isBlank()) key = ctx.queryParam("apikey");
        if (key == null || key.isBlank() || key.length() > 200) throw refused();
        return store.userByKey(hash(key.strip())).orElseThrow(SyncKeys::refused);
    }

    private static ApiError refused() {
        return new ApiError(401, "unauthorized", "a valid sync key is required (X-API-Token: <key>)", null);
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
