package com.mangahub.sync.reader;

import com.mangahub.sync.store.AppTokenStore;
import com.mangahub.sync.store.AppTokenStore.AppTokenRow;
import com.mangahub.sync.web.ApiError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reader's named app tokens, one per CLI, feed reader or script: made with a name, the token shown once, listed
 * without it, revoked one by one. Each signs the reader in as their API token does, until revoked; revoking one ends
 * what was opened with it at once (the store's signal). The last use is recorded to the minute.
 */
public final class AppTokens {
    /** A reader with more than this is making them in a loop, not for their apps. */
    static final int MAX_PER_READER = 50;
    static final int MAX_NAME = 64;
    private static final Duration USE_GRANULARITY = Duration.ofMinutes(1);

    private final AppTokenStore store;
    private final Clock clock;

    public AppTokens(AppTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A token just made: its listing and the only copy of its secret. */
    public record NewAppToken(AppTokenRow row, String token) {}

    /** Makes a named token; a 400 naming {@code name} when it is blank or too long, a 409 past the cap. */
    public NewAppToken create(long userId, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("name", "name: 1 to " + MAX_NAME + " characters, no control characters "
                    + "(e.g. 'CLI on my laptop')");
        }
        if (store.count(userId) >= MAX_PER_READER) {
            throw new ApiError(409, "conflict", "a reader may have at most " + MAX_PER_READER
                    + " app tokens; revoke one first", "name");
        }
        String token = ApiTokens.newToken();
        return new NewAppToken(store.create(userId, clean, ApiTokens.hash(token), clock.instant()), token);
    }

    public List<AppTokenRow> list(long userId) {
        return store.list(userId);
    }

    /** Revokes one of the reader's tokens; false when they have none of that id. */
    public boolean revoke(long userId, long id) {
        return store.delete(userId, id);
    }

    /** The app token this secret is, its use recorded; empty when it is none (or was revoked). */
    Optional<AppTokenRow> recognise(String token) {
        Optional<AppTokenRow> row = store.find(ApiTokens.hash(token));
        Instant now = clock.instant();
        // most requests find the mark recent: no write at all
        row.filter(r -> r.lastUsedAt() == null || r.lastUsedAt().isBefore(now.minus(USE_GRANULARITY)))
                .ifPresent(r -> store.touch(r.id(), now, now.minus(USE_GRANULARITY)));
        return row;
    }

    Map<Long, List<byte[]>> live(Collection<Long> userIds) {
        return store.live(userIds);
    }
}
