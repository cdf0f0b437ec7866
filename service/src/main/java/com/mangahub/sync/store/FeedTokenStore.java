package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Readers' feed tokens: at most one per reader, only its SHA-256 stored (table {@code feed_tokens}). */
public final class FeedTokenStore {
    private final Database db;

    public FeedTokenStore(Database db) {
        this.db = db;
    }

    /** Whose feed a token opens: the reader, their name and languages, and when the token was made. */
    public record FeedOwner(long userId, String name, List<String> languages, Instant since) {}

    /** Makes {@code tokenHash} the reader's one feed token, replacing any other; returns when it was made. */
    public Instant replace(long userId, byte[] tokenHash, Instant now) {
        return db.inTransaction(h -> h.createQuery("insert into feed_tokens (user_id, token_hash, created_at) "
                        + "values (:userId, :tokenHash, :now) on conflict (user_id) do update "
                        + "set token_hash = excluded.token_hash, created_at = excluded.created_at returning created_at")
                .bind("userId", userId)
                .bind("tokenHash", tokenHash)
                .bind("now", now)
                .mapTo(Instant.class)
                .one());
    }

    /** Deletes the reader's feed token; false when there was none. */
    public boolean delete(long userId) {
        return db.inTransaction(h -> h.createUpdate("delete from feed_tokens where user_id = :userId")
                .bind("userId", userId)
                .execute()) == 1;
    }

    /** When the reader's current feed token was made; empty when they have none. */
    public Optional<Instant> madeAt(long userId) {
        return db.inTransaction(h -> h.createQuery("select created_at from feed_tokens where user_id = :userId")
                .bind("userId", userId)
                .mapTo(Instant.class)
                .findOne());
    }

    public Optional<FeedOwner> ownerOf(byte[] tokenHash) {
        return db.inTransaction(h -> h.createQuery("select u.id as user_id, u.name, u.languages, f.created_at as since "
                        + "from feed_tokens f join users u on u.id = f.user_id where f.token_hash = :tokenHash")
                .bind("tokenHash", tokenHash)
                .map(ConstructorMapper.of(FeedOwner.class))
                .findOne());
    }
}
