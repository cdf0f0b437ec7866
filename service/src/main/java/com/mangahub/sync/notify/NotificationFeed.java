package com.mangahub.sync.notify;

import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every newly committed notification to the push channels. It reads the log past the last id it handed
 * over (exact, because notification ids commit in id order), when woken by a local dispatcher or, as the fallback
 * that also covers dispatchers in other processes, every poll interval. Subscribers must not block.
 */
public final class NotificationFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationFeed.class);
    /**
     * Rows read and handed over at a time: the first page of a burst is small, so a fan-out's first pushes start once
     * 1,000 rows are read and overlap reading the rest (trigger to the first SSE event 335 ms instead of 438–754 ms
     * at 10,000, SseFanOutBenchmark); the pages after it are large, since pages of 1,000 all the way made a fan-out to
     * 100,000 CoAP observers take 28.7 s instead of 10.2 s, PostgreSQL's CPU tripling (CoapFanOutBenchmark).
     */
    private static final int FIRST_PAGE = 1000;
    private static final int PAGE = 5000;

    private final NotificationStore store;
    private final List<Consumer<List<NotificationRow>>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Supplier<Set<Long>>> audiences = new CopyOnWriteArrayList<>();
    private final PeriodicLoop worker;
    private volatile long lastSeen;
    /** The last round found a full page: more of the same burst follows. */
    private volatile boolean draining;

    public NotificationFeed(NotificationStore store, Duration pollInterval) {
        this.store = store;
        this.worker = new PeriodicLoop("notify-feed", pollInterval, Sleeper.SYSTEM, this::runOnce);
    }

    public void subscribe(Consumer<List<NotificationRow>> subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * Who a broadcast may be pushed to: the readers with a client connected to a push channel here. A broadcast is
     * one row for every reader; it is handed over as one row per connected reader who sees it.
     */
    public void pushesTo(Supplier<Set<Long>> connected) {
        audiences.add(connected);
    }

    /** Starts after the newest existing notification: older ones reach clients by catch-up, not by push. */
    public NotificationFeed start() {
        lastSeen = store.maxId();
        worker.start();
        return this;
    }

    public void wake() {
        worker.wake();
    }

    /** Hands over one page of new notifications; returns how many (0: nothing new). */
    public int runOnce() {
        long started = System.nanoTime();
        int page = draining ? PAGE : FIRST_PAGE;
        List<NotificationRow> rows = store.allAfter(lastSeen, page);
        draining = rows.size() == page;
        if (rows.isEmpty()) return 0;
        long last = rows.getLast().id();
        int read = rows.size();
        rows = perReader(rows);
        lastSeen = last;
        for (Consumer<List<NotificationRow>> s : subscribers) {
            try {
                s.accept(rows);
            } catch (RuntimeException e) {
                // one broken channel must not starve the others; its clients catch up when they reconnect
                log.error("a push channel failed to take {} notifications", rows.size(), e);
            }
        }
        log.debug("handed {} notifications to the push channels in {} ms", rows.size(),
                (System.nanoTime() - started) / 1_000_000);
        return read;
    }

    /** The page with each broadcast replaced by a row for each connected reader who sees it, in id order. */
    private List<NotificationRow> perReader(List<NotificationRow> rows) {
        if (rows.stream().noneMatch(r -> r.userId() == NotificationStore.EVERY_READER)) return rows;
        Set<Long> connected = new HashSet<>();
        audiences.forEach(a -> connected.addAll(a.get()));
        List<NotificationRow> out = new ArrayList<>(rows.size());
        for (NotificationRow r : rows) {
            if (r.userId() != NotificationStore.EVERY_READER) {
                out.add(r);
                continue;
            }
            for (long user : store.audience(r.id(), connected)) {
                out.add(new NotificationRow(r.id(), user, r.type(), r.mangaDexId(), r.title(), r.chapter(),
                        r.oldChapter(), r.createdAt(), null, null, r.payloadJson()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        worker.close();
    }
}
