package com.mangahub.sync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Deliveries of notifications to channels, one row per (notification, channel), written by the fan-out in the
 * notification's own transaction ({@link NotificationStore#fanOut}). Claimed like the outbox: {@code FOR UPDATE SKIP
 * LOCKED} with a lease, so several workers share them and a worker killed mid-send only delays its rows until the
 * lease ends (at-least-once; the receiver drops the repeat by its stable id). Paused and rate-limited channels and
 * the hosts and kinds a worker has no room for are skipped in the claim itself, so they never hold up the rest.
 */
public final class DeliveryStore {
    /**
     * The log entry a delivery carries: the reader's own notification (found in the reader's partition) or the
     * broadcast, one row either way.
     */
    private static final String ENTRY = "(select id, type, manga_id, payload, created_at from notifications "
            + "where user_id = d.user_id and id = d.notification_id union all select id, type, manga_id, payload, "
            + "created_at from broadcasts where id = d.broadcast_id)";
    private final Database db;

    public DeliveryStore(Database db) {
        this.db = db;
    }

    /**
     * A claimed delivery with what sending it needs: the channel (kind, config, secret), the notification and the
     * details a rich message shows (chapter title, volume, groups as stored JSON, cover), nulls where unknown.
     * {@code attempts} counts this claim.
     */
    public record Due(long id, long notificationId, long channelId, int attempts, String kind, String configJson,
                      String secret, String host, String type, String mangaDexId, String title, String chapter,
                      String language, String chapterId, String externalUrl, Instant createdAt, String chapterTitle,
                      String volume, String groupsJson, String coverUrl, String oldStatus, String newStatus) {}

    /**
     * Leases up to {@code limit} due deliveries to {@code owner}, oldest first, skipping rows other workers hold,
     * paused or held channels and channels of {@code busyKinds}, and taking at most {@code perHost} rows of any one
     * host, or the room {@code hostRoom} names for the hosts this worker already sends to (0: none). Ranking the due
     * rows per host in SQL means a claim never takes rows it has no room to send (and so never gives them back), and
     * one host's backlog never fills a claim that other hosts' rows are waiting for.
     */
    public List<Due> claim(String owner, Instant now, Duration lease, int limit, int perHost, Map<String, Integer> hostRoom,
                           Collection<String> busyKinds) {
        List<String> hosts = List.copyOf(hostRoom.keySet());
        List<Integer> room = hosts.stream().map(hostRoom::get).toList();
        return db.inTransaction(h -> {
            List<Long> ids = h.createQuery("update channel_deliveries d set lease_until = :leaseUntil, leased_by = :owner, "
                            + "attempts = d.attempts + 1 from (select id from channel_deliveries where id in ("
                            + "select ranked.id from (select d.id, d.available_at, c.host, row_number() over "
                            + "(partition by c.host order by d.available_at, d.id) as rn from channel_deliveries d "
                            + "join channels c on c.id = d.channel_id where d.status = 'pending' and d.available_at <= :now "
                            + "and (d.lease_until is null or d.lease_until <= :now) and c.paused_reason is null "
                            + "and (c.hold_until is null or c.hold_until <= :now) and c.kind <> all (:busyKinds) "
                            // a digest channel's rows wait for their period's end: claimDigests takes them together
                            + "and coalesce(c.config->>'digest', 'none') = 'none' "
                            // so do a batching channel's: claimBatches takes them together when the window ends
                            + "and c.config->>'window_seconds' is null) ranked "
                            + "left join unnest(:hosts, :room) as r(host, room) on r.host = ranked.host "
                            + "where ranked.rn <= coalesce(r.room, :perHost) order by ranked.available_at, ranked.id "
                            + "limit :limit) and status = 'pending' for update skip locked) due where d.id = due.id "
                            + "returning d.id")
                    .bind("leaseUntil", now.plus(lease))
                    .bind("owner", owner)
                    .bind("now", now)
                    .bindArray("hosts", String.class, hosts)
                    .bindArray("room", Integer.class, room)
                    .bind("perHost", perHost)
                    .bindArray("busyKinds", String.class, List.copyOf(busyKinds))
                    .bind("limit", limit)
                    .mapTo(Long.class)
                    .list();
            return load(h, ids);
        });
    }

    /** The claimed rows with what sending them needs, in id order. */
    private static List<Due> load(org.jdbi.v3.core.Handle h, List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        List<Due> due = new ArrayList<>(h.createQuery("select d.id, n.id as notification_id, d.channel_id, d.attempts, c.kind, "
                            + "c.config::text as config_json, c.secret, c.host, n.type, n.payload->>'manga_id' as manga_dex_id, "
                            + "n.payload->>'title' as title, n.payload->>'chapter' as chapter, "
                            + "n.payload->>'language' as language, n.payload->>'chapter_id' as chapter_id, "
                            + "n.payload->>'external_url' as external_url, n.created_at, c2.title as chapter_title, "
                            + "c2.volume, c2.groups::text as groups_json, m.cover_url, n.payload->>'old_status' as old_status, "
                            + "n.payload->>'new_status' as new_status from channel_deliveries d "
                            + "join channels c on c.id = d.channel_id cross join lateral " + ENTRY + " n "
                            + "left join manga m on m.id = n.manga_id "
                            // a trigger's payload may carry no chapter id or text that is no uuid: it joins nothing
                            + "left join chapters c2 on c2.mangadex_chapter_id = case when n.payload->>'chapter_id' "
                            + "~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' "
                            + "then cast(n.payload->>'chapter_id' as uuid) end where d.id = any (:ids)")
                    .bindArray("ids", Long.class, ids)
                    .map(ConstructorMapper.of(Due.class))
                    .list());
        due.sort(Comparator.comparingLong(Due::id));
        return due;
    }

    /**
     * Leases every due delivery of the digest email channels whose period has ended (created before the cutoff of
     * their channel's digest: {@code hourCutoff} for hourly, {@code dayCutoff} for daily), for at most
     * {@code channels} channels. Each channel row is locked first ({@code SKIP LOCKED}), so two workers never split one
     * channel's period between two mails; the rows come back leased together and go out in one mail per period.
     */
    public List<Due> claimDigests(String owner, Instant now, Duration lease, Instant hourCutoff, Instant dayCutoff,
                                  int channels) {
        return db.inTransaction(h -> {
            List<Long> chosen = h.createQuery("select c.id from channels c where c.kind = 'email' "
                            + "and c.config->>'digest' in ('hourly', 'daily') and c.paused_reason is null "
                            + "and (c.hold_until is null or c.hold_until <= :now) and exists (select 1 from channel_deliveries d "
                            + "cross join lateral " + ENTRY + " n where d.channel_id = c.id "
                            + "and d.status = 'pending' and d.available_at <= :now and (d.lease_until is null or d.lease_until <= :now) "
                            + "and n.created_at < case c.config->>'digest' when 'hourly' then cast(:hourCutoff as timestamptz) "
                            + "else cast(:dayCutoff as timestamptz) end) order by c.id limit :channels for update of c skip locked")
                    .bind("now", now)
                    .bind("hourCutoff", hourCutoff)
                    .bind("dayCutoff", dayCutoff)
                    .bind("channels", channels)
                    .mapTo(Long.class)
                    .list();
            if (chosen.isEmpty()) return List.<Due>of();
            List<Long> ids = h.createQuery("update channel_deliveries d set lease_until = :leaseUntil, leased_by = :owner, "
                            + "attempts = d.attempts + 1 from channels c where c.id = d.channel_id "
                            + "and d.channel_id = any (:chosen) and d.status = 'pending' "
                            + "and d.available_at <= :now and (d.lease_until is null or d.lease_until <= :now) "
                            + "and exists (select 1 from " + ENTRY + " n where n.created_at < case c.config->>'digest' "
                            + "when 'hourly' then cast(:hourCutoff as timestamptz) else cast(:dayCutoff as timestamptz) end) "
                            + "returning d.id")
                    .bind("leaseUntil", now.plus(lease))
                    .bind("owner", owner)
                    .bind("now", now)
                    .bind("hourCutoff", hourCutoff)
                    .bind("dayCutoff", dayCutoff)
                    .bindArray("chosen", Long.class, chosen)
                    .mapTo(Long.class)
                    .list();
            return load(h, ids);
        });
    }

    /**
     * Leases every pending delivery of up to {@code channels} batching channels whose window has ended: a channel's
     * window ends when its oldest owed delivery becomes due (it was written due one window after its notification),
     * and everything written within the window after it comes along (due at most one window later). The channel row
     * is locked first ({@code SKIP LOCKED}), so two workers never split a window; the digest's design: the rows go in
     * one message and are marked delivered together, and a worker killed before that mark leaves them owed.
     */
    public List<Due> claimBatches(String owner, Instant now, Duration lease, int channels) {
        return db.inTransaction(h -> {
            List<Long> chosen = h.createQuery("select c.id from channels c where c.config->>'window_seconds' is not null "
                            + "and c.paused_reason is null and (c.hold_until is null or c.hold_until <= :now) "
                            + "and exists (select 1 from channel_deliveries d where d.channel_id = c.id "
                            + "and d.status = 'pending' and d.available_at <= :now "
                            + "and (d.lease_until is null or d.lease_until <= :now)) "
                            + "order by c.id limit :channels for update of c skip locked")
                    .bind("now", now)
                    .bind("channels", channels)
                    .mapTo(Long.class)
                    .list();
            if (chosen.isEmpty()) return List.<Due>of();
            List<Long> ids = h.createQuery("update channel_deliveries d set lease_until = :leaseUntil, leased_by = :owner, "
                            + "attempts = d.attempts + 1 from channels c where c.id = d.channel_id "
                            + "and d.channel_id = any (:chosen) and d.status = 'pending' "
                            + "and (d.lease_until is null or d.lease_until <= :now) "
                            + "and d.available_at <= :now + (c.config->>'window_seconds')::int * interval '1 second' "
                            + "returning d.id")
                    .bind("leaseUntil", now.plus(lease))
                    .bind("owner", owner)
                    .bind("now", now)
                    .bindArray("chosen", Long.class, chosen)
                    .mapTo(Long.class)
                    .list();
            return load(h, ids);
        });
    }

    /** One send the receiver accepted: the delivery, its channel, the receiver's status. */
    public record Accepted(long id, long channelId, int httpStatus) {}

    /**
     * Marks sends delivered in one transaction (group commit: the sends that finished while the previous batch was
     * being written), ending their channels' failure streaks; rows another worker took over are left alone.
     */
    public void delivered(List<Accepted> accepted, String owner, Instant now) {
        if (accepted.isEmpty()) return;
        db.inTransaction(h -> {
            h.createUpdate("update channel_deliveries d set status = 'delivered', delivered_at = :now, "
                            + "last_status = a.status, lease_until = null, last_error = null "
                            + "from (select unnest(:ids) as id, unnest(:statuses) as status) a "
                            + "where d.id = a.id and d.leased_by = :owner and d.status = 'pending'")
                    .bindArray("ids", Long.class, accepted.stream().map(Accepted::id).toList())
                    .bindArray("statuses", Integer.class, accepted.stream().map(Accepted::httpStatus).toList())
                    .bind("owner", owner)
                    .bind("now", now)
                    .execute();
            // sorted and distinct: concurrent batches lock the channel rows in one order, never in a cycle
            return h.createUpdate("update channels set consecutive_failures = 0, last_success_at = :now "
                            + "where id = any (:ids)")
                    .bindArray("ids", Long.class, accepted.stream().map(Accepted::channelId).distinct().sorted().toList())
                    .bind("now", now)
                    .execute();
        });
    }

    /** A failed attempt: due again at {@code retryAt}, or dead when {@code dead}. {@code httpStatus} 0: no answer. */
    public void failed(long id, String owner, String error, int httpStatus, Instant retryAt, boolean dead) {
        db.inTransaction(h -> h.createUpdate("update channel_deliveries set status = :state, last_error = :error, "
                        + "last_status = :status, available_at = :retryAt, lease_until = null, leased_by = null "
                        + "where id = :id and leased_by = :owner and status = 'pending'")
                .bind("state", dead ? "dead" : "pending")
                .bind("error", error)
                .bindByType("status", httpStatus == 0 ? null : httpStatus, Integer.class)
                .bind("retryAt", retryAt)
                .bind("id", id)
                .bind("owner", owner)
                .execute());
    }

    /** Due again at {@code at} without using up an attempt: the receiver asked us to wait, or the channel paused. */
    public void postpone(long id, String owner, Instant at, String reason) {
        db.inTransaction(h -> h.createUpdate("update channel_deliveries set attempts = attempts - 1, available_at = :at, "
                        + "last_error = :reason, lease_until = null, leased_by = null where id = :id and leased_by = :owner "
                        + "and status = 'pending'")
                .bind("id", id)
                .bind("owner", owner)
                .bind("at", at)
                .bind("reason", reason)
                .execute());
    }

    /** Gives claimed rows back untried (no room for their host right now): the attempt does not count. */
    public void release(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) return;
        db.inTransaction(h -> h.createUpdate("update channel_deliveries set attempts = attempts - 1, lease_until = null, "
                        + "leased_by = null where id = any (:ids) and leased_by = :owner and status = 'pending'")
                .bindArray("ids", Long.class, List.copyOf(ids))
                .bind("owner", owner)
                .execute());
    }

    /** A delivery given up on, as its reader sees it. */
    public record DeadDelivery(long id, long notificationId, int attempts, String lastError, Integer lastStatus,
                               Instant createdAt, Instant failedAt) {}

    /** The reader's channel's dead deliveries, newest first. */
    public List<DeadDelivery> dead(long userId, long channelId, int limit) {
        return db.inTransaction(h -> h.createQuery("select d.id, coalesce(d.notification_id, d.broadcast_id) as notification_id, d.attempts, d.last_error, d.last_status, "
                        + "d.created_at, d.available_at as failed_at from channel_deliveries d join channels c on c.id = d.channel_id "
                        + "where c.user_id = :userId and c.id = :channelId and d.status = 'dead' order by d.id desc limit :limit")
                .bind("userId", userId)
                .bind("channelId", channelId)
                .bind("limit", limit)
                .map(ConstructorMapper.of(DeadDelivery.class))
                .list());
    }

    /**
     * Makes the reader's channel's dead deliveries due again with a fresh attempt budget: all of them, or the one
     * named by {@code deliveryId}. Returns how many.
     */
    public int retryDead(long userId, long channelId, Long deliveryId, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update channel_deliveries d set status = 'pending', attempts = 0, "
                        + "available_at = :now, lease_until = null, leased_by = null from channels c where c.id = d.channel_id "
                        + "and c.user_id = :userId and c.id = :channelId and d.status = 'dead' "
                        + "and (cast(:deliveryId as bigint) is null or d.id = cast(:deliveryId as bigint))")
                .bind("userId", userId)
                .bind("channelId", channelId)
                .bindByType("deliveryId", deliveryId, Long.class)
                .bind("now", now)
                .execute());
    }

    /** Pending and dead counts over everything (each read from its partial index): what /health shows. */
    public record Totals(long pending, long dead) {}

    public Totals totals() {
        return db.inTransaction(h -> new Totals(
                h.createQuery("select count(*) from channel_deliveries where status = 'pending'").mapTo(Long.class).one(),
                h.createQuery("select count(*) from channel_deliveries where status = 'dead'").mapTo(Long.class).one()));
    }
}
