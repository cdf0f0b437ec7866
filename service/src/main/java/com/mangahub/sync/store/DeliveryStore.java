package com.mangahub.sync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Deliveries of notifications to channels, one row per (notification, channel), written by the fan-out in the
 * notification's own transaction ({@link NotificationStore#fanOut}). Claimed like the outbox: {@code FOR UPDATE SKIP
 * LOCKED} with a lease, so several workers share them and a worker killed mid-send only delays its rows until the
 * lease ends (at-least-once; the receiver drops the repeat by its stable id). Paused and rate-limited channels and
 * the hosts and kinds a worker has no room for are skipped in the claim itself, so they never hold up the rest.
 */
public final class DeliveryStore {
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
                      String volume, String groupsJson, String coverUrl) {}

    /**
     * Leases up to {@code limit} due deliveries to {@code owner}, oldest first, skipping rows other workers hold,
     * paused or held channels, and channels on {@code busyHosts} or of {@code busyKinds}.
     */
    public List<Due> claim(String owner, Instant now, Duration lease, int limit, Collection<String> busyHosts,
                           Collection<String> busyKinds) {
        return db.inTransaction(h -> {
            List<Long> ids = h.createQuery("update channel_deliveries d set lease_until = :leaseUntil, leased_by = :owner, "
                            + "attempts = d.attempts + 1 from (select d.id from channel_deliveries d "
                            + "join channels c on c.id = d.channel_id where d.status = 'pending' and d.available_at <= :now "
                            + "and (d.lease_until is null or d.lease_until <= :now) and c.paused_reason is null "
                            + "and (c.hold_until is null or c.hold_until <= :now) and c.host <> all (:busyHosts) "
                            + "and c.kind <> all (:busyKinds) order by d.available_at, d.id limit :limit "
                            + "for update of d skip locked) due where d.id = due.id returning d.id")
                    .bind("leaseUntil", now.plus(lease))
                    .bind("owner", owner)
                    .bind("now", now)
                    .bindArray("busyHosts", String.class, List.copyOf(busyHosts))
                    .bindArray("busyKinds", String.class, List.copyOf(busyKinds))
                    .bind("limit", limit)
                    .mapTo(Long.class)
                    .list();
            if (ids.isEmpty()) return List.<Due>of();
            List<Due> due = new ArrayList<>(h.createQuery("select d.id, d.notification_id, d.channel_id, d.attempts, c.kind, "
                            + "c.config::text as config_json, c.secret, c.host, n.type, n.payload->>'manga_id' as manga_dex_id, "
                            + "n.payload->>'title' as title, n.payload->>'chapter' as chapter, "
                            + "n.payload->>'language' as language, n.payload->>'chapter_id' as chapter_id, "
                            + "n.payload->>'external_url' as external_url, n.created_at, c2.title as chapter_title, "
                            + "c2.volume, c2.groups::text as groups_json, m.cover_url from channel_deliveries d "
                            + "join channels c on c.id = d.channel_id join notifications n on n.id = d.notification_id "
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
        });
    }

    /** Marks a delivery sent, if {@code owner} still holds it. */
    public boolean delivered(long id, String owner, int httpStatus, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update channel_deliveries set status = 'delivered', delivered_at = :now, "
                        + "last_status = :status, lease_until = null, last_error = null where id = :id and leased_by = :owner "
                        + "and status = 'pending'")
                .bind("id", id)
                .bind("owner", owner)
                .bind("status", httpStatus)
                .bind("now", now)
                .execute()) == 1;
    }

    /** A failed attempt: due again at {@code retryAt}, or dead when {@code dead}. {@code httpStatus} 0: no answer. */
    public void failed(long id, String owner, String error, int httpStatus, Instant retryAt, boolean dead) {
        db.inTransaction(h -> h.createUpdate("update channel_deliveries set status = :state, last_error = :error, "
                        + "last_status = :status, available_at = :retryAt, lease_until = null, leased_by = null "
                        + "where id = :id and leased_by = :owner and status = 'pending'")
                .bind("state", dead ? "dead" : "pending")
                .bind("error", error)
                .bind("status", httpStatus == 0 ? null : httpStatus)
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
        return db.inTransaction(h -> h.createQuery("select d.id, d.notification_id, d.attempts, d.last_error, d.last_status, "
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
