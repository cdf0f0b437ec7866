package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;

/**
 * Deletes what has served its purpose, one small batch per call, so no statement holds locks or writes WAL for
 * long while the service runs. What may go is decided here and only here:
 * <ul>
 *   <li>a notification created before the cutoff that was delivered <em>and</em> read; an unread or undelivered
 *       one is kept whatever its age (a reader's catch-up cursor is an id, so deleting older rows never moves it).
 *       A broadcast the reader was delivered and read is retired for that reader alone (the shared row stays);</li>
 *   <li>an outbox event fanned out ({@code done}) before the cutoff; pending and dead events are kept;</li>
 *   <li>a job that completed or failed before the cutoff; pending and running jobs are kept.</li>
 * </ul>
 * Rows another process is deleting at the same moment are skipped ({@code SKIP LOCKED}), so several processes may
 * run retention at once.
 */
public final class RetentionStore {
    private final Database db;

    public RetentionStore(Database db) {
        this.db = db;
    }

    /**
     * Deletes up to {@code batch} delivered and read notifications created before {@code cutoff}, partition by
     * partition (each statement reads one partition's retention index and locks and vacuums nothing else); returns
     * how many.
     */
    public int deleteNotifications(Instant cutoff, int batch) {
        int deleted = 0;
        for (String partition : partitions()) {
            int room = batch - deleted;
            if (room <= 0) break;
            // the partition's name comes from the catalogue, quoted there, never from input
            deleted += db.inTransaction(h -> h.createUpdate("delete from " + partition + " where id in (select id from "
                            + partition + " where delivered_at is not null and read_at is not null and created_at < :cutoff "
                            + "order by created_at limit :batch for update skip locked)")
                    .bind("cutoff", cutoff)
                    .bind("batch", room)
                    .execute());
        }
        return deleted;
    }

    /**
     * Retires, for one reader at a time, up to {@code batch} broadcasts made before {@code cutoff} that the reader
     * was delivered and read: what deleting their own row would have done. The shared row stays for the others.
     */
    public int retireBroadcasts(Instant cutoff, int batch) {
        return db.inTransaction(h -> h.createUpdate("update broadcast_receipts r set retired = true from (select "
                        + "r.user_id, r.broadcast_id from broadcast_receipts r join broadcasts b on b.id = r.broadcast_id "
                        + "where r.delivered_at is not null and r.read_at is not null and not r.retired "
                        + "and b.created_at < :cutoff limit :batch for update of r skip locked) due "
                        + "where r.user_id = due.user_id and r.broadcast_id = due.broadcast_id")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .execute());
    }

    /** The notification log's partitions, in a stable order. */
    private List<String> partitions() {
        return db.inTransaction(h -> h.createQuery("select quote_ident(c.relname) from pg_inherits i join pg_class c "
                        + "on c.oid = i.inhrelid where i.inhparent = cast('notifications' as regclass) order by c.relname")
                .mapTo(String.class)
                .list());
    }

    /** Deletes up to {@code batch} done outbox events processed before {@code cutoff}; returns how many. */
    public int deleteOutbox(Instant cutoff, int batch) {
        return db.inTransaction(h -> h.createUpdate("delete from outbox where id in (select id from outbox "
                        + "where status = 'done' and processed_at < :cutoff "
                        + "order by processed_at limit :batch for update skip locked)")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .execute());
    }

    /** Deletes up to {@code batch} completed or failed jobs finished before {@code cutoff}; returns how many. */
    public int deleteJobs(Instant cutoff, int batch) {
        return db.inTransaction(h -> h.createUpdate("delete from jobs where id in (select id from jobs "
                        + "where status in ('completed', 'failed') and finished_at < :cutoff "
                        + "order by finished_at limit :batch for update skip locked)")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .execute());
    }
}
