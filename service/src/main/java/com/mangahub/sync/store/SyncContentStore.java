package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The SyncYomi side of a reader: their sync key (only its SHA-256 is kept, like API tokens: it is shown once) and
 * the backup their reading app uploaded last, with its ETag. A PUT with {@code If-Match} is a compare-and-swap in
 * one statement, so two devices racing cannot both win.
 */
public final class SyncContentStore {
    private final Database db;

    public SyncContentStore(Database db) {
        this.db = db;
    }

    /** The stored backup of a reader. */
    public record Content(String etag, byte[] content, Instant updatedAt) {}

    /** Replaces the reader's key (a new one revokes the old at once). */
    public void saveKey(long userId, byte[] keyHash, Instant now) {
        db.inTransaction(h -> h.createUpdate("insert into sync_keys (user_id, key_hash, created_at) values (:u, :h, :now) "
                        + "on conflict (user_id) do update set key_hash = excluded.key_hash, created_at = excluded.created_at")
                .bind("u", userId).bind("h", keyHash).bind("now", now).execute());
    }

    public boolean revokeKey(long userId) {
        return db.inTransaction(h -> h.createUpdate("delete from sync_keys where user_id = :u").bind("u", userId)
                .execute() == 1);
    }

    public Optional<Instant> keyCreatedAt(long userId) {
        return db.inTransaction(h -> h.createQuery("select created_at from sync_keys where user_id = :u")
                .bind("u", userId).mapTo(Instant.class).findOne());
    }

    /** The reader whose key hashes to this, when one does and the reader is enabled. */
    public Optional<Long> userByKey(byte[] keyHash) {
        return db.inTransaction(h -> h.createQuery("select k.user_id from sync_keys k join users u on u.id = k.user_id "
                        + "where k.key_hash = :h and u.disabled_at is null")
                .bind("h", keyHash).mapTo(Long.class).findOne());
    }

    public Optional<Content> content(long userId) {
        return db.inTransaction(h -> h.createQuery("select etag, content, updated_at from sync_contents where user_id = :u")
                .bind("u", userId).map(ConstructorMapper.of(Content.class)).findOne());
    }

    /**
     * Stores the backup when {@code ifMatch} is empty (overwrite) or equals the stored ETag; false when another
     * device wrote meanwhile (the ETag differs, or nothing is stored while one was expected).
     */
    public boolean put(long userId, Optional<String> ifMatch, String etag, byte[] content, String deviceId,
                       String deviceName, Instant now) {
        return db.inTransaction(h -> {
            if (ifMatch.isEmpty()) {
                return h.createUpdate("insert into sync_contents (user_id, etag, content, device_id, device_name, updated_at) "
                                + "values (:u, :etag, :content, :device, :name, :now) on conflict (user_id) do update set "
                                + "etag = excluded.etag, content = excluded.content, device_id = excluded.device_id, "
                                + "device_name = excluded.device_name, updated_at = excluded.updated_at")
                        .bind("u", userId).bind("etag", etag).bind("content", content).bind("device", deviceId)
                        .bind("name", deviceName).bind("now", now).execute() == 1;
            }
            return h.createUpdate("update sync_contents set etag = :etag, content = :content, device_id = :device, "
                            + "device_name = :name, updated_at = :now where user_id = :u and etag = :expected")
                    .bind("u", userId).bind("etag", etag).bind("content", content).bind("device", deviceId)
                    .bind("name", deviceName).bind("now", now).bind("expected", ifMatch.get()).execute() == 1;
        });
    }
}
