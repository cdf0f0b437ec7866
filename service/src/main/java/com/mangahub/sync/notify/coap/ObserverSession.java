package com.mangahub.sync.notify.coap;

import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.notify.NotificationJson.Batch;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One observer's delivery state. {@code cursor} is the highest id the client acknowledged (or named when it
 * registered); only an acknowledgement moves it, so a lost notification is re-sent, never skipped. Catch-up reads
 * the log page by page ({@code loadedUpTo}); live notifications offered meanwhile wait in the queue, and only ids
 * up to what the log has shown are sent until catch-up ends, which keeps the stream in id order without gaps.
 * <p>
 * A notification retransmitted {@link #OVERDUE_AFTER} times means its ACK is overdue (lost, or a client such as
 * libcoap's that does not re-acknowledge a retransmission). The next notification then does not wait behind it: a replacement carrying
 * everything since the last acknowledged id (the overdue rows and the new ones) goes as a new message, which
 * Californium sends in place of the next retransmission. The replaced batch is {@linkplain #superseded superseded}:
 * its outcome neither frees the window slot nor stops the stream, the replacement's does. Ids are the client's
 * dedup key, as after any retransmission.
 */
final class ObserverSession {
    static final int PAGE = 100;
    /**
     * Retransmissions of one notification after which its ACK counts as overdue. A client that re-acknowledges
     * retransmissions (as RFC 7252 asks) is usually caught up by the first one, and replacing it that early would
     * re-send rows it has just acknowledged; after two, the client is one that does not (libcoap's), or the path is
     * very lossy, and a new message is the way through.
     */
    static final int OVERDUE_AFTER = 2;
    private static final int MAX_QUEUED = 2_000;

    final long userId;
    private final byte[] tokenFingerprint;
    private boolean revoked;
    private final NavigableMap<Long, NotificationRow> queue = new TreeMap<>();
    private long cursor;
    private long loadedUpTo;
    private boolean caughtUp;
    private int overflows;
    private boolean ready;
    private boolean sending;
    private boolean closed;
    private Batch inFlight;
    /** Retransmissions of the notification in flight so far. */
    private int retransmissions;
    /** Whether this session holds one of the window's slots (taken to send, freed once by the outcome or the end). */
    private boolean slotHeld;
    private final Set<Batch> superseded = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Replacements sent since the last acknowledgement: capped, so an observer that acknowledges nothing at all still
     * reaches Californium's timeout (and its observation ends) however often new notifications arrive.
     */
    private int replacementsSinceAck;
    private final int maxReplacements;

    ObserverSession(long userId, byte[] tokenFingerprint, long cursor) {
        this(userId, tokenFingerprint, cursor, 4);
    }

    ObserverSession(long userId, byte[] tokenFingerprint, long cursor, int maxReplacements) {
        this.maxReplacements = maxReplacements;
        this.userId = userId;
        this.tokenFingerprint = tokenFingerprint;
        this.cursor = cursor;
        this.loadedUpTo = cursor;
    }

    /** What the next pump step must do. */
    enum Step { NOTHING, LOAD, SEND, REPLACE }

    synchronized void ready() {
        ready = true;
    }

    synchronized Step nextStep() {
        if (!ready || closed || sending) return Step.NOTHING;
        if (inFlight != null) {
            return retransmissions >= OVERDUE_AFTER && replacementsSinceAck < maxReplacements && hasRowsAfter(inFlight.lastId())
                    ? Step.REPLACE : Step.NOTHING;
        }
        if (!sendable().isEmpty()) return Step.SEND;
        return caughtUp ? Step.NOTHING : Step.LOAD;
    }

    /** Reserves the right to send the next batch; false when another send got there first or nothing is due. */
    synchronized boolean claimSend() {
        if (nextStep() != Step.SEND) return false;
        sending = true;
        return true;
    }

    /** Reserves the right to replace the overdue notification; false when nothing calls for it. */
    synchronized boolean claimReplacement() {
        if (nextStep() != Step.REPLACE) return false;
        sending = true;
        return true;
    }

    private boolean hasRowsAfter(long id) {
        List<NotificationRow> rows = sendable();
        return !rows.isEmpty() && rows.getLast().id() > id;
    }

    synchronized void slotTaken() {
        slotHeld = true;
    }

    /** The observation ended or a send did not happen: true when a slot was held and is now free. */
    synchronized boolean dropSlot() {
        boolean was = slotHeld;
        slotHeld = false;
        return was;
    }

    /** {@code batch} was retransmitted; true when it is the one in flight and its ACK is now overdue. */
    synchronized boolean retransmitting(Batch batch) {
        if (inFlight != batch) return false;
        return ++retransmissions >= OVERDUE_AFTER;
    }

    synchronized boolean superseded(Batch batch) {
        return superseded.contains(batch);
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
        if (inFlight != null && inFlight != batch) {
            superseded.add(inFlight);
            replacementsSinceAck++;
        }
        inFlight = batch;
        retransmissions = 0;
        sending = false;
    }

    /** The client acknowledged {@code batch}: move the cursor past it. */
    synchronized void acknowledged(Batch batch) {
        // an acknowledgement is a delivery, even of a batch a replacement superseded meanwhile
        cursor = Math.max(cursor, batch.lastId());
        queue.headMap(cursor, true).clear();
        superseded.remove(batch);
        replacementsSinceAck = 0;
        if (inFlight == batch) inFlight = null;
    }

    /** The notification was not acknowledged: nothing moves, the same rows go again if the observation lives. */
    synchronized void unacknowledged(Batch batch) {
        if (inFlight == batch) inFlight = null;
    }

    /** A superseded batch's outcome arrived: it is forgotten (nothing more will come of it). */
    synchronized void settled(Batch batch) {
        superseded.remove(batch);
    }

    /** Whether the token this observation was opened with is still among its reader's live credentials. */
    boolean openedWithOneOf(LiveCredentials current) {
        return current.admits(tokenFingerprint);
    }

    /** Its token stopped working: nothing more is sent but the 4.01 that ends the observation at the client. */
    synchronized void revoke() {
        revoked = true;
        closed = true;
        queue.clear();
    }

    synchronized boolean revoked() {
        return revoked;
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
