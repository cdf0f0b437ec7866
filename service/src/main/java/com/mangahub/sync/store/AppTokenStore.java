package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Readers' named app tokens (table {@code app_tokens}): a name, the SHA-256 of the token (shown once, never stored)
 * and its last use. Deleting one signals every instance (V29_1), so the streams opened with it end at once.
 */
public final class AppTokenStore {
    private static final String COLUMNS = "id, user_id, name, created_at, last_used_at";
    private final Database db;

    public AppTokenStore(Database db) {
        this.db = db;
    }

    /** An app token as listed: never its secret. {@code lastUsedAt} is null until first used. */
    public record AppTokenRow(long id, long userId, String name, Instant createdAt, Instant lastUsedAt) {}

    public AppTokenRow create(long userId, String name, byte[] tokenHash, Instant now) {
        return db.inTransaction(h -> h.createQuery("insert into app_tokens (user_id, name, token_hash, created_at) "
                        + "values (:userId, :name, :hash, :now) returning " + COLUMNS)
                .bind("userId", userId)
                .bind("name", name)
                .bind("hash", tokenHash)
                .bind("now", now)
                .map(ConstructorMapper.of(AppTokenRow.class))
                .one());
    }

    public Optional<AppTokenRow> find(byte[] tokenHash) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from app_tokens where token_hash = :hash")
                .bind("hash", tokenHash)
                .map(ConstructorMapper.of(AppTokenRow.class))
                .findOne());
    }

    /** The reader's app tokens, oldest first. */
    public List<AppTokenRow> list(long userId) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from app_tokens where user_id = :userId "
                        + "order by id")
                .bind("userId", userId)
                .map(ConstructorMapper.of(AppTokenRow.class))
                .list());
    }

    public int count(long userId) {
        return db.inTransaction(h -> h.createQuery("select count(*) from app_tokens where user_id = :userId")
                .bind("userId", userId)
                .mapTo(Integer.class)
                .one());
    }

    /** Records a use now, unless one was recorded since {@code staleBefore} (one write a minute, not a request). */
    public void touch(long id, Instant now, Instant staleBefore) {
        db.inTransaction(h -> h.createUpdate("update app_tokens set last_used_at = :now "
                        + "where id = :id and (last_used_at is null or last_used_at < :stale)")
                .bind("id", id)
                .bind("now", now)
                .bind("stale", staleBefore)
                .execute());
    }

    /** Revokes one of the reader's tokens; false when the reader has no token of that id. */
    public boolean delete(long userId, long id) {
        return db.inTransaction(h -> h.createUpdate("delete from app_tokens where id = :id and user_id = :userId")
                .bind("id", id)
                .bind("userId", userId)
                .execute()) == 1;
    }

    /** The token hashes of these readers' app tokens. */
    public Map<Long, List<byte[]>> live(Collection<Long> userIds) {
        if (userIds.isEmpty()) return Map.of();
        return CredentialHashes.byReader(db.inTransaction(h -> h.createQuery("select user_id, token_hash as hash "
                        + "from app_tokens where user_id = any(:ids)")
                .bindArray("ids", Long.class, userIds)
                .map(ConstructorMapper.of(CredentialHashes.class))
                .list()));
    }
}
