package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The per-user notification log. Every insert first takes one transaction-scoped advisory lock, so notification
 * ids commit in id order: a reader that has seen id N has seen every id below N, and "after id N" is an exact
 * catch-up cursor for clients (with concurrent inserts, sequence order would not be commit order).
 */
public final class NotificationStore {
    private static final long INSERT_LOCK = 0x6d616e676168756eL;
    private static final String COLUMNS = "id, user_id, type, payload->>'manga_id' as manga_dex_id, "
            + "payload->>'title' as title, payload->>'chapter' as chapter, payload->>'old_chapter' as old_chapter, "
            + "created_at, delivered_at, read_at, payload::text as payload_json";
    private static final RowMapper<NotificationRow> ROW = ConstructorMapper.of(NotificationRow.class);

    private final Database db;

    public NotificationStore(Database db) {
        this.db = db;
    }

    /** One notification as every channel sends it; {@code mangaDexId} is the series' MangaDex uuid as text. */
    public record NotificationRow(long id, long userId, String type, String mangaDexId, String title, String chapter,
                                  String oldChapter, Instant createdAt, Instant deliveredAt, Instant readAt,
                                  String payloadJson) {}

    /**
     * One event to fan out. {@code followersOnly}: only users with the series in their library; {@code language}:
     * only users reading it (null: everyone); {@code quietSince}: skip users who got the same type for the same
     * series after this instant (null: no anti-spam window).
     */
    public record FanOut(long outboxId, String type, long mangaId, String payloadJson, String dedupKey,
                         boolean followersOnly, String language, Instant quietSince, Instant now) {}

    /**
     * Writes one notification per recipient; a repeat of the same dedup key for a user is a no-op. A followers-only
     * event is driven from the series' library rows (its index on manga_id), so its cost follows its followers,
     * not every reader: one generic statement with "not :followersOnly or exists (...)" could not be planned as
     * a join and probed the library once per reader (27 ms for an event of 100 followers among 100,000 readers).
     */
    public int fanOut(Handle h, FanOut f) {
        AdvisoryLocks.forTransaction(h, INSERT_LOCK);
        String recipients = f.followersOnly()
                ? "from user_library l join users u on u.id = l.user_id where l.manga_id = :mangaId "
                : "from users u where true ";
        // each new notification owes one delivery per channel of its reader, in this same statement and transaction:
        // a notification committed is a delivery committed, so kill -9 between the two cannot happen
        return h.createQuery("with written as (insert into notifications (user_id, outbox_id, type, manga_id, payload, "
                        + "dedup_key, created_at) select u.id, :outboxId, :type, :mangaId, cast(:payloadJson as jsonb), "
                        + ":dedupKey, :now " + recipients
                        + "and (cast(:language as text) is null or cast(:language as text) = any (u.languages)) "
                        + "and (cast(:quietSince as timestamptz) is null or not exists (select 1 from notifications n "
                        + "where n.user_id = u.id and n.manga_id = :mangaId and n.type = :type "
                        + "and n.created_at > cast(:quietSince as timestamptz))) "
                        + "order by u.id on conflict (user_id, dedup_key) do nothing returning id, user_id), "
                        + "owed as (insert into channel_deliveries (notification_id, channel_id, available_at, created_at) "
                        + "select w.id, c.id, :now, :now from written w join channels c on c.user_id = w.user_id) "
                        + "select count(*) from written")
                .bindMethods(f)
                .mapTo(Integer.class)
                .one();
    }

    /** A user's notifications with an id above {@code afterId}, oldest first. */
    public List<NotificationRow> after(long userId, long afterId, int limit) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from notifications "
                        + "where user_id = :userId and id > :afterId order by id limit :limit")
                .bind("userId", userId)
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /**
     * What a reader needs to recognise a notification beside its payload: the chapter's title, volume and credited
     * groups (a NEW_CHAPTER whose chapter we store) and the series' cover; null where there is none.
     * {@code groupsJson} is the stored array of {@code {id, name}}.
     */
    public record NotificationDetails(long id, String chapterTitle, String volume, String groupsJson,
                                      String coverUrl) {}

    /** The details of some of a user's notifications, in no particular order. */
    public List<NotificationDetails> details(long userId, List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        // a payload from the trigger API may carry no chapter_id, or text that is not a uuid: matched as text
        // only after the shape check, so a bad value joins nothing instead of failing the cast
        return db.inTransaction(h -> h.createQuery("select n.id, c.title as chapter_title, c.volume, "
                        + "c.groups::text as groups_json, m.cover_url from notifications n "
                        + "left join manga m on m.id = n.manga_id "
                        + "left join chapters c on c.mangadex_chapter_id = case when n.payload->>'chapter_id' "
                        + "~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' "
                        + "then cast(n.payload->>'chapter_id' as uuid) end "
                        + "where n.user_id = :userId and n.id = any (:ids)")
                .bind("userId", userId)
                .bindArray("ids", Long.class, ids)
                .map(ConstructorMapper.of(NotificationDetails.class))
                .list());
    }

    /** Everybody's notifications with an id above {@code afterId}, oldest first: what the push channels fan out. */
    public List<NotificationRow> allAfter(long afterId, int limit) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from notifications "
                        + "where id > :afterId order by id limit :limit")
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /**
     * Where a client that names no cursor starts: just before the user's oldest undelivered notification, or after
     * the newest one when all are delivered.
     */
    public long undeliveredCursor(long userId) {
        return db.inTransaction(h -> h.createQuery("select coalesce(min(id) filter (where delivered_at is null) - 1, "
                        + "max(id), 0) from notifications where user_id = :userId")
                .bind("userId", userId)
                .mapTo(Long.class)
                .one());
    }

    public long maxId() {
        return db.inTransaction(h -> h.createQuery("select coalesce(max(id), 0) from notifications")
                .mapTo(Long.class)
                .one());
    }

    public int markDelivered(long[] ids, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update notifications set delivered_at = :now "
                        + "where id = any (:ids) and delivered_at is null")
                .bind("now", now)
                .bindArray("ids", Long.class, Arrays.stream(ids).boxed().toList())
                .execute());
    }

    /** Marks one of the user's notifications read; false when the user has no such notification. */
    public boolean markRead(long userId, long id, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update notifications set read_at = coalesce(read_at, :now) "
                        + "where user_id = :userId and id = :id")
                .bind("now", now)
                .bind("userId", userId)
                .bind("id", id)
                .execute()) == 1;
    }

    public int markAllRead(long userId, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update notifications set read_at = :now "
                        + "where user_id = :userId and read_at is null")
                .bind("now", now)
                .bind("userId", userId)
                .execute());
    }
}
