package com.mangahub.sync.store;

import java.time.Instant;

/**
 * Deletes what has served its purpose, one small batch per call, so no statement holds locks or writes WAL for
 * long while the service runs. What may go is decided here and only here:
 * <ul>
 *   <li>a notification created before the cutoff that was delivered <em>and</em> read; an unread or undelivered
 *       one is kept whatever its age (a reader's catch-up cursor is an id, so deleting older rows never moves it);</li>
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

    /** Deletes up to {@code batch} delivered and read notifications created before {@code cutoff}; returns how many. */
    public int deleteNotifications(Instant cutoff, int batch) {
        return db.inTransaction(h -> h.createUpdate("delete from notifications where id in (select id from "
                        + "notifications where delivered_at is not null and read_at is not null and created_at < :cutoff "
                        + "order by created_at limit :batch for update skip locked)")
                .bind("cutoff", cutoff)
                .bind("batch", batch)
                .execute());
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
