package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-user notification log. Every insert first takes one transaction-scoped advisory lock, so notification
 * ids commit in id order: a reader that has seen id N has seen every id below N, and "after id N" is an exact
 * catch-up cursor for clients (with concurrent inserts, sequence order would not be commit order).
 */
public final class NotificationStore {
    private static final long INSERT_LOCK = 0x6d616e676168756eL;
    private static final String COLUMNS = "id, user_id, type, payload->>'manga_id' as manga, payload->>'title' as title, "
            + "payload->>'chapter' as chapter, payload->>'old_chapter' as old_chapter, created_at, delivered_at, read_at, "
            + "payload::text as payload";

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

    /** Writes one notification per recipient; a repeat of the same dedup key for a user is a no-op. */
    public int fanOut(Connection c, FanOut f) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_xact_lock(" + INSERT_LOCK + ")");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into notifications (user_id, outbox_id, type, manga_id, "
                + "payload, dedup_key, created_at) select u.id, ?, ?, ?, ?::jsonb, ?, ? from users u "
                + "where (not ? or exists (select 1 from user_library l where l.user_id = u.id and l.manga_id = ?)) "
                + "and (?::text is null or ?::text = any (u.languages)) "
                + "and (?::timestamptz is null or not exists (select 1 from notifications n where n.user_id = u.id "
                + "and n.manga_id = ? and n.type = ? and n.created_at > ?::timestamptz)) "
                + "order by u.id on conflict (user_id, dedup_key) do nothing")) {
            ps.setLong(1, f.outboxId());
            ps.setString(2, f.type());
            ps.setLong(3, f.mangaId());
            ps.setString(4, f.payloadJson());
            ps.setString(5, f.dedupKey());
            NotifyRows.setInstant(ps, 6, f.now());
            ps.setBoolean(7, f.followersOnly());
            ps.setLong(8, f.mangaId());
            ps.setString(9, f.language());
            ps.setString(10, f.language());
            NotifyRows.setInstant(ps, 11, f.quietSince());
            ps.setLong(12, f.mangaId());
            ps.setString(13, f.type());
            NotifyRows.setInstant(ps, 14, f.quietSince());
            return ps.executeUpdate();
        }
    }

    /** A user's notifications with an id above {@code afterId}, oldest first. */
    public List<NotificationRow> after(long userId, long afterId, int limit) {
        return query("select " + COLUMNS + " from notifications where user_id = ? and id > ? order by id limit ?",
                userId, afterId, limit);
    }

    /** Everybody's notifications with an id above {@code afterId}, oldest first: what the push channels fan out. */
    public List<NotificationRow> allAfter(long afterId, int limit) {
        return query("select " + COLUMNS + " from notifications where id > ? order by id limit ?", afterId, limit);
    }

    /**
     * Where a client that names no cursor starts: just before the user's oldest undelivered notification, or after
     * the newest one when all are delivered.
     */
    public long undeliveredCursor(long userId) {
        return single("select coalesce(min(id) filter (where delivered_at is null) - 1, max(id), 0) "
                + "from notifications where user_id = ?", userId);
    }

    public long maxId() {
        return single("select coalesce(max(id), 0) from notifications where id > ?", 0L);
    }

    public int markDelivered(long[] ids, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update notifications set delivered_at = ? where id = any (?) and delivered_at is null")) {
                NotifyRows.setInstant(ps, 1, now);
                ps.setArray(2, c.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
                return ps.executeUpdate();
            }
        });
    }

    /** Marks one of the user's notifications read; false when the user has no such notification. */
    public boolean markRead(long userId, long id, Instant now) {
        return update("update notifications set read_at = coalesce(read_at, ?) where user_id = ? and id = ?",
                now, userId, id) == 1;
    }

    public int markAllRead(long userId, Instant now) {
        return update("update notifications set read_at = ? where user_id = ? and read_at is null and id > ?",
                now, userId, 0L);
    }

    private int update(String sql, Instant now, long userId, long id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                NotifyRows.setInstant(ps, 1, now);
                ps.setLong(2, userId);
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    private List<NotificationRow> query(String sql, long... args) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    List<NotificationRow> rows = new ArrayList<>();
                    while (rs.next()) rows.add(row(rs));
                    return rows;
                }
            }
        });
    }

    private long single(String sql, long arg) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static NotificationRow row(ResultSet rs) throws SQLException {
        return new NotificationRow(rs.getLong("id"), rs.getLong("user_id"), rs.getString("type"), rs.getString("manga"),
                rs.getString("title"), rs.getString("chapter"), rs.getString("old_chapter"),
                NotifyRows.instant(rs, "created_at"), NotifyRows.instant(rs, "delivered_at"),
                NotifyRows.instant(rs, "read_at"), rs.getString("payload"));
    }
}
