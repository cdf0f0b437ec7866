package com.mangahub.sync.notify;

import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.NotificationStore.Receipt;
import com.mangahub.sync.store.ReplicaReads;
import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user notification log as channels use it: catch-up by cursor, read marks, and delivery receipts. Receipts
 * (a client acknowledged) are written in batches by a background thread, so ten thousand acknowledgements cost a
 * handful of UPDATEs, not ten thousand.
 */
public final class NotificationLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationLog.class);
    private static final int MAX_PENDING_RECEIPTS = 200_000;
    private static final int RECEIPT_BATCH = 5_000;

    private final NotificationStore store;
    private final ReplicaReads<NotificationStore> pages;
    private final Clock clock;
    private final BlockingQueue<Receipt> receipts = new ArrayBlockingQueue<>(MAX_PENDING_RECEIPTS);
    private final PeriodicLoop writer;

    public NotificationLog(NotificationStore store, Clock clock, Duration receiptInterval) {
        this(store, ReplicaReads.primaryOnly(store), clock, receiptInterval);
    }

    /**
     * @param pages where the pages a reader asks for (REST, feeds) are read: the read replica unless the reader wrote
     *              just now; catch-up for pushes (SSE, CoAP), marks and receipts always use {@code store}
     */
    public NotificationLog(NotificationStore store, ReplicaReads<NotificationStore> pages, Clock clock,
                           Duration receiptInterval) {
        this.store = store;
        this.pages = pages;
        this.clock = clock;
        this.writer = new PeriodicLoop("notify-receipts", receiptInterval, Sleeper.SYSTEM, this::runOnce);
    }

    public NotificationLog start() {
        writer.start();
        return this;
    }

    public List<NotificationRow> after(long userId, long afterId, int limit) {
        return store.after(userId, afterId, limit);
    }

    /**
     * A page the reader asked for, oldest first from a cursor ({@code GET /api/me/notifications}): read on the replica
     * unless they wrote just now. A row not replicated yet is past the page's end, so the next page from its last id
     * reads it; pushes use {@link #after}, on the primary, so nothing waits for the replica.
     */
    public List<NotificationRow> page(long userId, long afterId, int limit) {
        return pages.forReader(userId).after(userId, afterId, limit);
    }

    /** A user's newest notifications, newest first (what their feeds show, read like {@link #page}); marks nothing. */
    public List<NotificationRow> newest(long userId, int limit) {
        return pages.forReader(userId).newest(userId, limit);
    }

    /** Chapter title, volume, groups and cover of some of a user's notifications, by notification id. */
    public Map<Long, NotificationStore.NotificationDetails> details(long userId, List<NotificationRow> rows) {
        // from where the page was read: a replica that holds the rows holds the chapters they were written after
        return pages.forReader(userId).details(userId, rows.stream().map(NotificationRow::id).toList()).stream()
                .collect(Collectors.toMap(NotificationStore.NotificationDetails::id, d -> d));
    }

    /** The cursor a client starts from: the id it names, else just before its oldest undelivered notification. */
    public long startCursor(long userId, OptionalLong after) {
        return after.isPresent() ? Math.max(0, after.getAsLong()) : store.undeliveredCursor(userId);
    }

    /**
     * Records that these notifications reached their user; written within the receipt interval, never blocks the
     * caller. Not woken per call: during a fan-out to 10,000 streams a wake per stream made the writer run one small
     * UPDATE after another, taking PostgreSQL's share of the CPU from the push; one UPDATE per interval is enough.
     */
    public void delivered(List<NotificationRow> rows) {
        for (NotificationRow r : rows) {
            if (!receipts.offer(new Receipt(r.userId(), r.id()))) {
                // delivered_at is bookkeeping, not the catch-up cursor: losing a receipt re-sends at worst
                log.warn("delivery receipt queue full; notification {} stays marked undelivered", r.id());
                return;
            }
        }
    }

    public boolean markRead(long userId, long id) {
        return store.markRead(userId, id, clock.instant());
    }

    public int markAllRead(long userId) {
        return store.markAllRead(userId, clock.instant());
    }

    /** Writes one batch of pending receipts; returns how many. */
    public int runOnce() {
        List<Receipt> batch = new ArrayList<>();
        receipts.drainTo(batch, RECEIPT_BATCH);
        if (batch.isEmpty()) return 0;
        // a receipt names its reader: a broadcast's delivery is that reader's mark, not the shared row's
        store.markDelivered(batch, clock.instant());
        return batch.size();
    }

    /** Writes what is still queued, then stops. */
    @Override
    public void close() {
        writer.close();
        while (runOnce() > 0) {
            // drain: receipts acknowledged before shutdown are kept
        }
    }
}
