package com.mangahub.sync.reader;

import com.mangahub.sync.store.FeedTokenStore;
import com.mangahub.sync.store.FeedTokenStore.FeedOwner;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reader's feed token: the secret in their feed URLs, apart from the API token, because a feed URL is pasted into
 * feed readers and aggregators and must open the feed and nothing else. Made the way API tokens are (256 random
 * bits, only the SHA-256 stored, shown once), with its own prefix so the two are never confused; one per reader.
 */
public final class FeedTokens {
    /** What a feed token looks like; anything else is refused before a hash is computed or the database asked. */
    private static final Pattern SHAPE = Pattern.compile("mhf_[A-Za-z0-9_-]{43}");

    private final FeedTokenStore store;
    private final Clock clock;

    public FeedTokens(FeedTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A token just made: the only copy of its text, and when it was made. */
    public record Issued(String token, Instant madeAt) {}

    /** Gives the reader a new feed token; the one they had (if any) stops working in the same statement. */
    public Issued rotate(long userId) {
        String token = "mhf_" + ApiTokens.newToken().substring("mh_".length());
        return new Issued(token, store.replace(userId, ApiTokens.hash(token), clock.instant()));
    }

    /** Ends the reader's feeds; false when they had none. */
    public boolean revoke(long userId) {
        return store.delete(userId);
    }

    /** When the reader's current feed token was made; empty when they have none. */
    public Optional<Instant> madeAt(long userId) {
        return store.madeAt(userId);
    }

    /** The reader whose feeds this token opens; empty for a revoked, replaced or made-up token. */
    public Optional<FeedOwner> owner(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) return Optional.empty();
        return store.ownerOf(ApiTokens.hash(token));
    }
}
