package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Broadcasts: an event for every reader (NEW_MANGA) stored once, not once per reader. Every reader's log merges the
 * broadcasts they see into their own notifications by id ({@link NotificationStore}); whether a reader sees one is
 * {@link #VISIBLE}, their rules compared at read time with the event's facts stored on the row. What a reader did
 * with a broadcast (delivered, read, retired by retention) is a {@code broadcast_receipts} row written only when it
 * happens, so a broadcast costs one row whatever the number of readers. Channel deliveries (webhooks, email...) are
 * still one per channel of each reader who sees it: a channel needs its own send, its own retry and its own state.
 */
public final class BroadcastStore {
    private BroadcastStore() {}

    /**
     * Whether reader {@code u} sees broadcast {@code b}: made after the reader joined, in a language they read, and
     * passing their content ratings and NEW_MANGA rules (the rules the per-reader fan-out applied on write).
     */
    static final String VISIBLE = """
            b.id > u.broadcasts_after
              and (b.language is null or b.language = any (u.languages))
              and (cardinality(u.content_ratings) = 0 or b.content_rating is null
                   or b.content_rating = any (u.content_ratings))
              and (b.type <> 'NEW_MANGA' or (u.new_manga
                   and (cardinality(u.new_manga_ratings) = 0 or b.content_rating is null
                        or b.content_rating = any (u.new_manga_ratings))
                   and (cardinality(u.new_manga_languages) = 0 or b.original_language = any (u.new_manga_languages))
                   and (cardinality(u.new_manga_demographics) = 0 or b.demographic = any (u.new_manga_demographics))
                   and u.new_manga_tags_included <@ b.tags
                   and not (u.new_manga_tags_excluded && b.tags)))
            """;

    /** The broadcast row, the event's facts read once from the series (see NotificationStore's fan-out). */
    private static final String STORE = """
            insert into broadcasts (outbox_id, type, manga_id, payload, dedup_key, created_at, language,
                                    content_rating, original_language, demographic, tags)
            select :outboxId, :type, :mangaId, cast(:payloadJson as jsonb), :dedupKey, :now, cast(:language as text),
                   ev.content_rating, ev.original_language, ev.demographic, ev.tags
            from ev
            on conflict (dedup_key) do nothing
            returning id""";

    /** One delivery owed per channel of every reader who sees the broadcast, as for a reader's own notification. */
    private static final String OWED = """
            insert into channel_deliveries (broadcast_id, user_id, channel_id, available_at, created_at)
            select b.id, u.id, c.id, greatest(quiet_until(cast(:now as timestamptz), u.quiet_start, u.quiet_end,
                   u.time_zone), cast(:now as timestamptz)
                   + coalesce((c.config->>'window_seconds')::int, 0) * interval '1 second'), :now
            from broadcasts b, channels c join users u on u.id = c.user_id
            left join series_channels r on r.user_id = c.user_id and r.manga_id = cast(:mangaId as bigint)
            where b.id = :id and (case when r.user_id is null then coalesce((c.config->>'by_default')::boolean, true)
                                       else c.id = any (r.channel_ids) end)
              and\s""" + VISIBLE;

    /**
     * Stores a broadcast once, with the deliveries owed to channels in the same transaction (a broadcast committed is
     * every delivery committed). The caller holds the log's insert lock, so the id commits in id order with the
     * readers' own notifications. Returns 1, or 0 when the dedup key was broadcast before.
     */
    static int store(Handle h, NotificationStore.FanOut f, String eventFacts) {
        List<Long> id = h.createQuery(eventFacts + STORE).bindMethods(f).mapTo(Long.class).list();
        if (id.isEmpty()) return 0;
        // driven from the channels, not the readers: its cost follows the channels that exist
        h.createUpdate(OWED).bind("id", id.getFirst()).bind("now", f.now()).bind("mangaId", f.mangaId()).execute();
        return 1;
    }

    /** Which of {@code readers} see broadcast {@code id}: who among the connected clients gets it pushed. */
    static List<Long> audience(Handle h, long id, Set<Long> readers) {
        if (readers.isEmpty()) return List.of();
        return h.createQuery("select u.id from broadcasts b join users u on u.id = any (:readers) where b.id = :id and "
                        + VISIBLE + " order by u.id")
                .bindArray("readers", Long.class, List.copyOf(readers))
                .bind("id", id)
                .mapTo(Long.class)
                .list();
    }

    /** Marks delivered the broadcasts among these (reader, id) pairs; ids of notifications match no broadcast. */
    static int delivered(Handle h, Long[] users, Long[] ids, Instant now) {
        return h.createUpdate("insert into broadcast_receipts (user_id, broadcast_id, delivered_at) "
                        + "select distinct d.user_id, d.id, cast(:now as timestamptz) from unnest(:users, :ids) d(user_id, id) "
                        + "join broadcasts b on b.id = d.id join users u on u.id = d.user_id "
                        + "on conflict (user_id, broadcast_id) do update set delivered_at = "
                        + "coalesce(broadcast_receipts.delivered_at, excluded.delivered_at)")
                .bindArray("users", Long.class, (Object[]) users)
                .bindArray("ids", Long.class, (Object[]) ids)
                .bind("now", now)
                .execute();
    }

    /** Marks one broadcast the reader sees read; false when they see no such broadcast (or retention retired it). */
    static boolean markRead(Handle h, long userId, long id, Instant now) {
        return h.createUpdate("insert into broadcast_receipts (user_id, broadcast_id, read_at) select u.id, b.id, :now "
                        + "from users u join broadcasts b on b.id = :id where u.id = :userId and " + VISIBLE
                        + " on conflict (user_id, broadcast_id) do update set read_at = "
                        + "coalesce(broadcast_receipts.read_at, excluded.read_at) where not broadcast_receipts.retired")
                .bind("userId", userId)
                .bind("id", id)
                .bind("now", now)
                .execute() == 1;
    }

    /** Marks read every broadcast the reader sees and has not read; returns how many. */
    static int markAllRead(Handle h, long userId, Instant now) {
        return h.createUpdate("insert into broadcast_receipts (user_id, broadcast_id, read_at) select u.id, b.id, :now "
                        + "from users u join broadcasts b on b.id > u.broadcasts_after left join broadcast_receipts r "
                        + "on r.user_id = u.id and r.broadcast_id = b.id where u.id = :userId and r.read_at is null "
                        + "and r.retired is not true and " + VISIBLE
                        + " on conflict (user_id, broadcast_id) do update set read_at = excluded.read_at "
                        + "where broadcast_receipts.read_at is null")
                .bind("userId", userId)
                .bind("now", now)
                .execute();
    }
}
