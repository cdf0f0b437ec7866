package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Browser sessions (table {@code reader_sessions}): the SHA-256 of the cookie's secret, the CSRF token the page sends
 * back, when it was last used and when it ends whatever its use. Deleting one signals every instance (V29_1), so the
 * streams opened with it end at once.
 */
public final class SessionStore {
    private final Database db;

    public SessionStore(Database db) {
        this.db = db;
    }

    /** One stored session; {@code expiresAt} is its absolute end, idleness is the caller's to judge. */
    public record SessionRow(long id, long userId, String csrfToken, Instant createdAt, Instant lastSeenAt,
                             Instant expiresAt) {}

    public SessionRow create(long userId, byte[] secretHash, String csrfToken, Instant now, Instant expiresAt) {
        return db.inTransaction(h -> h.createQuery("insert into reader_sessions (user_id, secret_hash, csrf_token, "
                        + "created_at, last_seen_at, expires_at) values (:userId, :hash, :csrf, :now, :now, :expires) "
                        + "returning id, user_id, csrf_token, created_at, last_seen_at, expires_at")
                .bind("userId", userId)
                .bind("hash", secretHash)
                .bind("csrf", csrfToken)
                .bind("now", now)
                .bind("expires", expiresAt)
                .map(ConstructorMapper.of(SessionRow.class))
                .one());
    }

    public Optional<SessionRow> find(byte[] secretHash) {
        return db.inTransaction(h -> h.createQuery("select id, user_id, csrf_token, created_at, last_seen_at, expires_at "
                        + "from reader_sessions where secret_hash = :hash")
                .bind("hash", secretHash)
                .map(ConstructorMapper.of(SessionRow.class))
                .findOne());
    }

    /** Marks the session used now, unless it was marked since {@code staleBefore} (one write a minute, not a request). */
    public void touch(long id, Instant now, Instant staleBefore) {
        db.inTransaction(h -> h.createUpdate("update reader_sessions set last_seen_at = :now "
                        + "where id = :id and last_seen_at < :stale")
                .bind("id", id)
                .bind("now", now)
                .bind("stale", staleBefore)
                .execute());
    }

    /** Ends one session (sign-out); false when it had already ended. */
    public boolean delete(byte[] secretHash) {
        return db.inTransaction(h -> h.createUpdate("delete from reader_sessions where secret_hash = :hash")
                .bind("hash", secretHash)
                .execute()) == 1;
    }

    /** Ends every session of the reader (sign out everywhere, a disabled reader); returns how many ended. */
    public int deleteAll(long userId) {
        return db.inTransaction(h -> h.createUpdate("delete from reader_sessions where user_id = :userId")
                .bind("userId", userId)
                .execute());
    }

    /** Deletes the reader's sessions that ended by themselves (idle since {@code idleBefore}, or past their end). */
    public int deleteEnded(long userId, Instant idleBefore, Instant now) {
        return db.inTransaction(h -> h.createUpdate("delete from reader_sessions where user_id = :userId "
                        + "and (last_seen_at <= :idle or expires_at <= :now)")
                .bind("userId", userId)
                .bind("idle", idleBefore)
                .bind("now", now)
                .execute());
    }

    /** The secret hashes of the sessions of these readers still in use (used since {@code idleBefore}, not ended). */
    public Map<Long, List<byte[]>> live(Collection<Long> userIds, Instant idleBefore, Instant now) {
        if (userIds.isEmpty()) return Map.of();
        return CredentialHashes.byReader(db.inTransaction(h -> h.createQuery("select user_id, secret_hash as hash "
                        + "from reader_sessions where user_id = any(:ids) and last_seen_at > :idle and expires_at > :now")
                .bindArray("ids", Long.class, userIds)
                .bind("idle", idleBefore)
                .bind("now", now)
                .map(ConstructorMapper.of(CredentialHashes.class))
                .list()));
    }
}
