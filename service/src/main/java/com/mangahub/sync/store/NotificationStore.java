package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
    /** The user id a broadcast carries in {@link #allAfter}: it is for every reader who sees it. */
    public static final long EVERY_READER = 0;
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
     * series after this instant (null: no anti-spam window); {@code chapterId} and {@code chapterKey}: the
     * NEW_CHAPTER's stored chapter (its groups and uploader) and numeric number, each null when unknown.
     */
    public record FanOut(long outboxId, String type, long mangaId, String payloadJson, String dedupKey,
                         boolean followersOnly, String language, Instant quietSince, Instant now, UUID chapterId,
                         BigDecimal chapterKey) {}

    /**
     * The facts of the event every reader's rules are compared with, read once per event: the series' rating,
     * original language, demographic and tags, the chapter's credited groups and uploader. An unknown fact (a series
     * without a rating, a chapter we never stored) passes the rules that would need it: a missing fact is no reason
     * to withhold news.
     */
    private static final String EVENT = """
            with ev as (
                select m.content_rating, coalesce(m.original_language, 'none') as original_language,
                       coalesce(m.demographic, 'none') as demographic,
                       coalesce((select array_agg(mt.tag_id::text) from manga_tags mt where mt.manga_id = m.id),
                                '{}') as tags,
                       coalesce((select array_agg(lower(g->>'id')) from chapters c, jsonb_array_elements(c.groups) g
                                 where c.mangadex_chapter_id = cast(:chapterId as uuid)), '{}') as group_ids,
                       (select c.uploader::text from chapters c
                        where c.mangadex_chapter_id = cast(:chapterId as uuid)) as uploader,
                       exists (select 1 from chapters c
                               where c.mangadex_chapter_id = cast(:chapterId as uuid)) as chapter_known
                from manga m where m.id = :mangaId)
            """;
    private static final String WRITTEN = """
            , written as (
            insert into notifications (user_id, outbox_id, type, manga_id, payload, dedup_key, created_at)
            select u.id, :outboxId, :type, :mangaId, cast(:payloadJson as jsonb), :dedupKey, :now
            """;
    /** Rules of every reader that apply to followers' events too (a broadcast's are BroadcastStore.VISIBLE). */
    private static final String EVERYONE_RULES = """
              and (cardinality(u.content_ratings) = 0 or ev.content_rating is null
                   or ev.content_rating = any (u.content_ratings))
            """;
    /** What a follower's own settings of the series add: muted, languages, groups, uploaders, progress. */
    private static final String FOLLOWER_RULES = """
              and not l.muted
              and (cast(:type as text) <> 'MANGA_UPDATE' or u.manga_update)
              and (cast(:type as text) <> 'STATUS_CHANGE' or u.status_change)
              and (cast(:type as text) <> 'FIRST_CHAPTER' or (u.first_chapter
                   and (cast(:language as text) is null or cast(:language as text) = any (coalesce(l.languages, u.languages)))))
              and (cast(:type as text) <> 'NEW_CHAPTER' or (
                   (cast(:language as text) is null or cast(:language as text) = any (coalesce(l.languages, u.languages)))
                   and (cardinality(l.groups_only) = 0 or not ev.chapter_known or ev.group_ids && l.groups_only)
                   and not (ev.group_ids && (l.groups_never || u.groups_never))
                   and (ev.uploader is null or not (ev.uploader = any (l.uploaders_never)))
                   and not (u.skip_read_chapters and l.progress_key is not null
                            and cast(:chapterKey as numeric) is not null
                            and cast(:chapterKey as numeric) <= l.progress_key)))
            """;
    /**
     * The anti-spam window, only for an event that has one (MANGA_UPDATE). Its type is written into the statement so
     * the planner can use the partial index that holds only MANGA_UPDATE rows: the index every other notification
     * (nearly all of them NEW_CHAPTER) would otherwise have to maintain on insert.
     */
    private static final String QUIET = """
              and not exists (select 1 from notifications n
                   where n.user_id = u.id and n.manga_id = :mangaId and n.type = 'MANGA_UPDATE'
                   and n.created_at > cast(:quietSince as timestamptz))
            """;
    private static final String QUIET_ANY_TYPE = """
              and not exists (select 1 from notifications n
                   where n.user_id = u.id and n.manga_id = :mangaId and n.type = :type
                   and n.created_at > cast(:quietSince as timestamptz))
            """;
    private static final String WRITE = """
            order by u.id on conflict (user_id, dedup_key) do nothing
            returning id, user_id),
            owed as (
                insert into channel_deliveries (notification_id, user_id, channel_id, available_at, created_at)
                select w.id, w.user_id, c.id, greatest(quiet_until(cast(:now as timestamptz), q.quiet_start, q.quiet_end,
                       q.time_zone), cast(:now as timestamptz)
                       + coalesce((c.config->>'window_seconds')::int, 0) * interval '1 second'), :now
                from written w join channels c on c.user_id = w.user_id join users q on q.id = w.user_id
                left join series_channels r on r.user_id = w.user_id and r.manga_id = cast(:mangaId as bigint)
                where case when r.user_id is null then coalesce((c.config->>'by_default')::boolean, true)
                           else c.id = any (r.channel_ids) end)
            select count(*) from written""";

    /**
     * Writes one notification per recipient, every reader control applied in this one statement: its cost follows
     * the recipients, whatever the number of rules they hold (each is a few array comparisons against the event's
     * facts). A repeat of the same dedup key for a user is a no-op. A followers-only event is driven from the
     * series' library rows (its index on manga_id), so its cost follows its followers, not every reader: one generic
     * statement with "not :followersOnly or exists (...)" could not be planned as a join and probed the library once
     * per reader (27 ms for an event of 100 followers among 100,000 readers).
     */
    public int fanOut(Handle h, FanOut f) {
        AdvisoryLocks.forTransaction(h, INSERT_LOCK);
        // an event for everyone is stored once; its readers' rules are applied when they read their logs
        if (!f.followersOnly()) return BroadcastStore.store(h, f, EVENT);
        String sql = EVENT + WRITTEN + "from ev, user_library l join users u on u.id = l.user_id "
                + "where l.manga_id = :mangaId\n" + EVERYONE_RULES + FOLLOWER_RULES + quiet(f) + WRITE;
        // each new notification owes one delivery per channel of its reader, in this same statement and transaction:
        // a notification committed is a delivery committed, so kill -9 between the two cannot happen
        return h.createQuery(sql).bindMethods(f).mapTo(Integer.class).one();
    }

    private static String quiet(FanOut f) {
        if (f.quietSince() == null) return "";
        return f.type().equals("MANGA_UPDATE") ? QUIET : QUIET_ANY_TYPE;
    }

    /** A user's notifications with an id above {@code afterId}, oldest first. */
    public List<NotificationRow> after(long userId, long afterId, int limit) {
        return db.inTransaction(h -> h.createQuery(readerLog("{id} > :afterId", "id"))
                .bind("userId", userId)
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /** A user's newest notifications, newest first: what their feeds show (an index range read on (user_id, id)). */
    public List<NotificationRow> newest(long userId, int limit) {
        return db.inTransaction(h -> h.createQuery(readerLog("true", "id desc"))
                .bind("userId", userId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /**
     * One page of a reader's log: their own notifications and the broadcasts they see, merged by id. Each side is
     * an index range read limited to the page on its own (the reader's partition by (user_id, id); the broadcasts by
     * id, each checked against the reader's rules), then the two are merged: the cost follows the page, not the log.
     */
    private static String readerLog(String range, String order) {
        String own = "select id, user_id, type, manga_id, payload, created_at, delivered_at, read_at from notifications "
                + "where user_id = :userId and " + range.replace("{id}", "id") + " order by " + order + " limit :limit";
        String broadcasts = "select b.id, u.id, b.type, b.manga_id, b.payload, b.created_at, r.delivered_at, r.read_at "
                + "from users u join broadcasts b on b.id > u.broadcasts_after left join broadcast_receipts r "
                + "on r.user_id = u.id and r.broadcast_id = b.id where u.id = :userId and r.retired is not true and "
                + range.replace("{id}", "b.id") + " and " + BroadcastStore.VISIBLE + " order by b." + order
                + " limit :limit";
        return "select " + COLUMNS + " from ((" + own + ") union all (" + broadcasts + ")) log order by " + order
                + " limit :limit";
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
                        + "c.groups::text as groups_json, m.cover_url from (select id, manga_id, payload from notifications "
                        + "where user_id = :userId and id = any (:ids) union all select id, manga_id, payload from broadcasts "
                        + "where id = any (:ids)) n "
                        + "left join manga m on m.id = n.manga_id "
                        + "left join chapters c on c.mangadex_chapter_id = case when n.payload->>'chapter_id' "
                        + "~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' "
                        + "then cast(n.payload->>'chapter_id' as uuid) end")
                .bind("userId", userId)
                .bindArray("ids", Long.class, ids)
                .map(ConstructorMapper.of(NotificationDetails.class))
                .list());
    }

    /**
     * Everybody's notifications with an id above {@code afterId}, oldest first: what the push channels fan out. A
     * broadcast comes once, with user id {@link #EVERY_READER}; {@link #audience} says which readers it goes to.
     */
    public List<NotificationRow> allAfter(long afterId, int limit) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from ((select id, user_id, type, manga_id, "
                        + "payload, created_at, delivered_at, read_at from notifications where id > :afterId order by id "
                        + "limit :limit) union all (select id, cast(" + EVERY_READER + " as bigint), type, manga_id, payload, "
                        + "created_at, cast(null as timestamptz), cast(null as timestamptz) from broadcasts "
                        + "where id > :afterId order by id limit :limit)) log order by id limit :limit")
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /** Which of {@code readers} see broadcast {@code id}. */
    public List<Long> audience(long id, Set<Long> readers) {
        return db.inTransaction(h -> BroadcastStore.audience(h, id, readers));
    }

    /**
     * Where a client that names no cursor starts: just before the user's oldest undelivered notification or
     * broadcast, or after the newest one when all are delivered.
     */
    public long undeliveredCursor(long userId) {
        return db.inTransaction(h -> h.createQuery("select coalesce(least((select min(id) from notifications "
                        + "where user_id = :userId and delivered_at is null), (select min(b.id) from users u join "
                        + "broadcasts b on b.id > u.broadcasts_after left join broadcast_receipts r on r.user_id = u.id "
                        + "and r.broadcast_id = b.id where u.id = :userId and r.delivered_at is null and "
                        + "r.retired is not true and " + BroadcastStore.VISIBLE + ")) - 1, greatest((select max(id) "
                        + "from notifications where user_id = :userId), (select max(b.id) from users u join broadcasts b "
                        + "on b.id > u.broadcasts_after where u.id = :userId and " + BroadcastStore.VISIBLE + ")), 0)")
                .bind("userId", userId)
                .mapTo(Long.class)
                .one());
    }

    /**
     * Deletes a reader's own notifications (and through them the channel deliveries they owe), in the transaction
     * that deletes the reader: the log has no foreign key to its reader (migration V31.1). Under the fan-out's lock,
     * so no fan-out that read the reader before this transaction commits can write them a row after it.
     */
    public static int deleteLog(Handle h, long userId) {
        AdvisoryLocks.forTransaction(h, INSERT_LOCK);
        return h.createUpdate("delete from notifications where user_id = :userId").bind("userId", userId).execute();
    }

    public long maxId() {
        return db.inTransaction(h -> h.createQuery("select greatest((select max(id) from notifications), "
                        + "(select max(id) from broadcasts), 0)")
                .mapTo(Long.class)
                .one());
    }

    /** That a reader's client was delivered one entry of their log (a notification or a broadcast). */
    public record Receipt(long userId, long id) {}

    /** Records that these notifications (and broadcasts) reached their readers; returns how many marks were new. */
    public int markDelivered(List<Receipt> receipts, Instant now) {
        Long[] users = receipts.stream().map(Receipt::userId).toArray(Long[]::new);
        Long[] ids = receipts.stream().map(Receipt::id).toArray(Long[]::new);
        return db.inTransaction(h -> h.createUpdate("update notifications n set delivered_at = :now "
                        + "from unnest(:users, :ids) d(user_id, id) where n.user_id = d.user_id and n.id = d.id "
                        + "and n.delivered_at is null")
                .bind("now", now)
                .bindArray("users", Long.class, (Object[]) users)
                .bindArray("ids", Long.class, (Object[]) ids)
                .execute() + BroadcastStore.delivered(h, users, ids, now));
    }

    /**
     * Marks one of the user's notifications read; false when the user has no such notification. A NEW_CHAPTER read
     * advances the reader's progress in its series when the reader wants that and the chapter lies above it (never
     * back: reading an old chapter's late upload does not forget what was read since).
     */
    public boolean markRead(long userId, long id, Instant now) {
        return db.inTransaction(h -> {
            boolean found = h.createUpdate("update notifications set read_at = coalesce(read_at, :now) "
                            + "where user_id = :userId and id = :id")
                    .bind("now", now)
                    .bind("userId", userId)
                    .bind("id", id)
                    .execute() == 1;
            if (found) {
                // the cast only under the shape check: a trigger's chapter may be "Extra", and AND has no order
                String key = "case when n.payload->>'chapter' ~ '^[0-9]{1,6}(\\.[0-9]{1,3})?$' "
                        + "then cast(n.payload->>'chapter' as numeric) end";
                h.createUpdate("update user_library l set progress = n.payload->>'chapter', "
                                + "progress_key = " + key + ", progress_updated_at = :now "
                                + "from notifications n, users u where n.id = :id and n.user_id = :userId "
                                + "and u.id = n.user_id and u.read_advances_progress and n.type = 'NEW_CHAPTER' "
                                + "and l.user_id = n.user_id and l.manga_id = n.manga_id "
                                + "and " + key + " is not null and (l.progress_key is null or l.progress_key < " + key + ")")
                        .bind("now", now)
                        .bind("userId", userId)
                        .bind("id", id)
                        .execute();
            }
            return found || BroadcastStore.markRead(h, userId, id, now);
        });
    }

    public int markAllRead(long userId, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update notifications set read_at = :now "
                        + "where user_id = :userId and read_at is null")
                .bind("now", now)
                .bind("userId", userId)
                .execute() + BroadcastStore.markAllRead(h, userId, now));
    }
}
