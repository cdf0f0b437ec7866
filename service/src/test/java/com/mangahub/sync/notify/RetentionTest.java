package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.RetentionStore;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows on both sides of every boundary — age (a second either side of the cutoff, and exactly on it), delivered,
 * read, status — and only the ones past every boundary go. Each row's label says what it is; the test compares
 * the labels left with the labels expected.
 */
@ExtendWith(PostgresExtension.class)
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Config.Retention KEEP = new Config.Retention(Duration.ofDays(180), Duration.ofDays(7),
            Duration.ofDays(30));
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final SettableClock clock = new SettableClock(NOW);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Database db;
    private long userId;

    @BeforeEach
    void reader(Database db) {
        this.db = db;
        userId = db.inTransaction(h -> h.createQuery("insert into users (name, token_hash) values ('ana', :hash) "
                + "returning id").bind("hash", new byte[] {1, 2, 3}).mapTo(Long.class).one());
    }

    @Test
    void notificationsGoOnlyWhenOlderThanTheCutoffDeliveredAndRead() {
        Instant cutoff = NOW.minus(KEEP.notifications());
        Instant old = cutoff.minus(SECOND);
        notification("old-delivered-read", old, old, old);
        notification("older-delivered-read", old.minus(Duration.ofDays(400)), old, old);
        notification("old-delivered-unread", old, old, null);
        notification("old-undelivered-read", old, null, old);
        notification("old-undelivered-unread", old, null, null);
        notification("at-cutoff-delivered-read", cutoff, cutoff, cutoff);
        notification("young-delivered-read", cutoff.plus(SECOND), NOW, NOW);

        drain(retention(2));

        assertThat(labels("notifications", "dedup_key")).containsExactlyInAnyOrder("old-delivered-unread",
                "old-undelivered-read", "old-undelivered-unread", "at-cutoff-delivered-read", "young-delivered-read");
        assertThat(deleted("notifications")).isEqualTo(2);
    }

    @Test
    void aBroadcastRetiresOnlyForTheReadersItReachedAndWhoReadItBeforeTheCutoff() {
        long ben = db.inTransaction(h -> h.createQuery("insert into users (name, token_hash) values ('ben', :hash) "
                + "returning id").bind("hash", new byte[] {4, 5, 6}).mapTo(Long.class).one());
        Instant cutoff = NOW.minus(KEEP.notifications());
        Instant old = cutoff.minus(SECOND);
        long oldOne = broadcast("old", old);
        long young = broadcast("young", cutoff.plus(SECOND));
        receipt(userId, oldOne, old, old);
        receipt(userId, young, NOW, NOW);
        receipt(ben, oldOne, old, null);

        drain(retention(1));

        NotificationStore log = new NotificationStore(db);
        assertThat(log.after(userId, 0, 10)).extracting(NotificationRow::id).containsExactly(young);
        assertThat(log.after(ben, 0, 10)).extracting(NotificationRow::id).as("ben has not read it")
                .containsExactly(oldOne, young);
        assertThat(labels("broadcasts", "dedup_key")).as("the shared rows stay").containsExactlyInAnyOrder("old", "young");
        assertThat(deleted("notifications")).isEqualTo(1);
        assertThat(log.markRead(userId, oldOne, NOW)).as("gone for ana, as her own row would be").isFalse();
    }

    @Test
    void outboxEventsGoOnlyWhenDoneBeforeTheCutoff() {
        Instant cutoff = NOW.minus(KEEP.outbox());
        Instant old = cutoff.minus(SECOND);
        outbox("old-done", "done", old);
        outbox("old-dead", "dead", old);
        outbox("old-pending-retried", "pending", old);
        outbox("pending-never-tried", "pending", null);
        outbox("at-cutoff-done", "done", cutoff);
        outbox("young-done", "done", cutoff.plus(SECOND));
        // a notification fanned out from the old event outlives it: the outbox id is provenance, not a key
        long eventId = idOf("outbox", "old-done");
        notificationOf(eventId, "from-old-event");

        drain(retention(1));

        assertThat(labels("outbox", "dedup_key")).containsExactlyInAnyOrder("old-dead", "old-pending-retried",
                "pending-never-tried", "at-cutoff-done", "young-done");
        long kept = db.inTransaction(h -> h.createQuery("select outbox_id from notifications").mapTo(Long.class).one());
        assertThat(kept).isEqualTo(eventId);
        assertThat(deleted("outbox")).isEqualTo(1);
    }

    @Test
    void jobsGoOnlyWhenFinishedBeforeTheCutoff() {
        Instant cutoff = NOW.minus(KEEP.jobs());
        Instant old = cutoff.minus(SECOND);
        job("old-completed", "completed", old);
        job("old-failed", "failed", old);
        job("old-running", "running", null);
        job("old-pending", "pending", null);
        job("at-cutoff-completed", "completed", cutoff);
        job("young-failed", "failed", cutoff.plus(SECOND));

        drain(retention(1));

        assertThat(labels("jobs", "kind")).containsExactlyInAnyOrder("old-running", "old-pending",
                "at-cutoff-completed", "young-failed");
        assertThat(deleted("jobs")).isEqualTo(2);
    }

    @Test
    void aBacklogDrainsInBatchesOfTheGivenSizeAndTheLastRoundFindsNothing() {
        Instant old = NOW.minus(KEEP.notifications()).minus(Duration.ofDays(1));
        for (int i = 0; i < 7; i++) notification("n" + i, old, old, old);
        Retention retention = retention(3);

        assertThat(retention.runOnce()).isEqualTo(3);
        assertThat(retention.runOnce()).isEqualTo(3);
        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(registry.get("mangahub_retention_last_run_seconds").gauge().value()).isZero();
        assertThat(retention.runOnce()).isZero();
        assertThat(registry.get("mangahub_retention_last_run_seconds").gauge().value())
                .isEqualTo(NOW.getEpochSecond());
        assertThat(PostgresExtension.count(db, "select count(*) from notifications")).isZero();
    }

    @Test
    void aRowBecomesDueAsTheClockPassesItsCutoff() {
        Instant cutoff = NOW.minus(KEEP.notifications());
        notification("just-kept", cutoff.plus(Duration.ofMinutes(1)), NOW, NOW);
        Retention retention = retention(10);

        assertThat(retention.runOnce()).isZero();
        clock.advance(Duration.ofMinutes(1).plus(SECOND));
        assertThat(retention.runOnce()).isEqualTo(1);
    }

    private Retention retention(int batch) {
        return new Retention(new RetentionStore(db), KEEP, clock, registry, batch);
    }

    /** Rounds until one finds nothing, as the periodic loop runs them; bounded so a bug cannot spin the test. */
    private static void drain(Retention retention) {
        for (int round = 0; round < 100; round++) {
            if (retention.runOnce() == 0) return;
        }
        throw new AssertionError("retention never ran out of rows");
    }

    private double deleted(String table) {
        return registry.get("mangahub_retention_deleted").tag("table", table).counter().count();
    }

    private void notification(String label, Instant created, Instant delivered, Instant read) {
        db.inTransaction(h -> h.createUpdate("insert into notifications (user_id, type, payload, dedup_key, "
                        + "created_at, delivered_at, read_at) values (:user, 'NEW_MANGA', '{}', :label, :created, "
                        + ":delivered, :read)")
                .bind("user", userId).bind("label", label).bind("created", created)
                .bind("delivered", delivered).bind("read", read).execute());
    }

    private long broadcast(String label, Instant created) {
        return db.inTransaction(h -> h.createQuery("insert into broadcasts (type, payload, dedup_key, created_at, "
                        + "original_language, demographic, tags) values ('NEW_MANGA', '{}', :label, :created, 'ja', "
                        + "'none', '{}') returning id")
                .bind("label", label).bind("created", created).mapTo(Long.class).one());
    }

    private void receipt(long user, long broadcast, Instant delivered, Instant read) {
        db.inTransaction(h -> h.createUpdate("insert into broadcast_receipts (user_id, broadcast_id, delivered_at, "
                        + "read_at) values (:user, :broadcast, :delivered, :read)")
                .bind("user", user).bind("broadcast", broadcast).bind("delivered", delivered).bind("read", read)
                .execute());
    }

    private void notificationOf(long outboxId, String label) {
        db.inTransaction(h -> h.createUpdate("insert into notifications (user_id, outbox_id, type, payload, dedup_key) "
                        + "values (:user, :outbox, 'NEW_MANGA', '{}', :label)")
                .bind("user", userId).bind("outbox", outboxId).bind("label", label).execute());
    }

    private void outbox(String label, String status, Instant processed) {
        db.inTransaction(h -> h.createUpdate("insert into outbox (type, payload, dedup_key, status, processed_at) "
                        + "values ('NEW_MANGA', '{}', :label, :status, :processed)")
                .bind("label", label).bind("status", status).bind("processed", processed).execute());
    }

    private void job(String label, String status, Instant finished) {
        db.inTransaction(h -> h.createUpdate("insert into jobs (id, kind, status, finished_at) "
                        + "values (:id, :label, :status, :finished)")
                .bind("id", UUID.randomUUID()).bind("label", label).bind("status", status)
                .bind("finished", finished).execute());
    }

    private long idOf(String table, String label) {
        // table is one of this test's constants
        return db.inTransaction(h -> h.createQuery("select id from " + table + " where dedup_key = :label")
                .bind("label", label).mapTo(Long.class).one());
    }

    private List<String> labels(String table, String column) {
        // table and column are this test's constants
        return db.inTransaction(h -> h.createQuery("select " + column + " from " + table).mapTo(String.class).list());
    }
}
