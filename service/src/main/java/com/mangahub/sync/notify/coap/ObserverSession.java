package com.mangahub.sync.notify.coap;

import com.mangahub.sync.notify.NotificationJson.Batch;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One observer's delivery state. {@code cursor} is the highest id the client acknowledged (or named when it
 * registered); only an acknowledgement moves it, so a lost notification is re-sent, never skipped. Catch-up reads
 * the log page by page ({@code loadedUpTo}); live notifications offered meanwhile wait in the queue, and only ids
 * up to what the log has shown are sent until catch-up ends, which keeps the stream in id order without gaps.
 */
final class ObserverSession {
    static final int PAGE = 100;
    private static final int MAX_QUEUED = 2_000;

    final long userId;
    private final NavigableMap<Long, NotificationRow> queue = new TreeMap<>();
    private long cursor;
    private long loadedUpTo;
    private boolean caughtUp;
    private int overflows;
    private boolean ready;
    private boolean sending;
    private boolean closed;
    private Batch inFlight;

    ObserverSession(long userId, long cursor) {
        this.userId = userId;
        this.cursor = cursor;
        this.loadedUpTo = cursor;
    }

    /** What the next pump step must do. */
    enum Step { NOTHING, LOAD, SEND }

    synchronized void ready() {
        ready = true;
    }

    synchronized Step nextStep() {
        if (!ready || closed || sending || inFlight != null) return Step.NOTHING;
        if (!sendable().isEmpty()) return Step.SEND;
        return caughtUp ? Step.NOTHING : Step.LOAD;
    }

    /** Reserves the right to send the next batch; false when another send got there first or nothing is due. */
    synchronized boolean claimSend() {
        if (nextStep() != Step.SEND) return false;
        sending = true;
        return true;
    }

    /** Ends a claimed send that did not happen; true when there was one. */
    synchronized boolean abandonSend() {
        boolean was = sending;
        sending = false;
        return was;
    }

    /** Where the next catch-up page starts, and a stamp telling whether live rows were dropped meanwhile. */
    synchronized long loadFrom() {
        return Math.max(cursor, loadedUpTo);
    }

    synchronized int overflowStamp() {
        return overflows;
    }

    synchronized void loaded(List<NotificationRow> page, int stampBefore) {
        page.forEach(this::keep);
        if (!page.isEmpty()) loadedUpTo = Math.max(loadedUpTo, page.getLast().id());
        // a short page means the log had nothing more, unless live rows were dropped while we read it
        caughtUp = page.size() < PAGE && overflows == stampBefore;
    }

    synchronized void offer(List<NotificationRow> live) {
        for (NotificationRow r : live) {
            if (r.id() <= cursor) continue;
            if (queue.size() >= MAX_QUEUED && !queue.containsKey(r.id())) {
                // a slow client must not hold unbounded memory: forget live rows, read them from the log later
                overflows++;
                caughtUp = false;
                continue;
            }
            keep(r);
        }
    }

    private void keep(NotificationRow r) {
        if (r.id() > cursor) queue.put(r.id(), r);
    }

    /** The rows that may be sent now, oldest first. */
    synchronized List<NotificationRow> sendable() {
        if (!caughtUp && loadedUpTo <= cursor) return List.of();
        NavigableMap<Long, NotificationRow> range = caughtUp ? queue.tailMap(cursor, false)
                : queue.subMap(cursor, false, loadedUpTo, true);
        return new ArrayList<>(range.values());
    }

    synchronized void sent(Batch batch) {
        inFlight = batch;
        sending = false;
    }

    /** The client acknowledged {@code batch}: move the cursor past it. */
    synchronized void acknowledged(Batch batch) {
        if (inFlight != batch) return;
        inFlight = null;
        cursor = Math.max(cursor, batch.lastId());
        queue.headMap(cursor, true).clear();
    }

    /** The notification was not acknowledged: nothing moves, the same rows go again if the observation lives. */
    synchronized void unacknowledged(Batch batch) {
        if (inFlight == batch) inFlight = null;
    }

    synchronized void close() {
        closed = true;
        queue.clear();
    }

    synchronized boolean closed() {
        return closed;
    }

    /** False while the log still has notifications for this observer that it has not read (catch-up). */
    synchronized boolean caughtUp() {
        return caughtUp;
    }

    synchronized long cursor() {
        return cursor;
    }
}
