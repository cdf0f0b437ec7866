package com.mangahub.sync.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.DatabaseUnavailableException;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.FanOut;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.OutboxStore.OutboxEvent;
import com.mangahub.sync.store.TransactionLimits;
import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans outbox events out into per-user notifications, on its own thread so notifying never slows syncing. Each
 * event is claimed with a lease, then written and marked done in ONE transaction; a crash anywhere leaves either
 * nothing or everything, and the lease expiring hands the event to the next dispatcher (at-least-once, with the
 * unique dedup keys making a repeat a no-op). A failing event backs off and is buried after the maximum attempts,
 * without holding up the others.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int CLAIM_BATCH = 20;
    // a stuck fan-out must end (and be retried) rather than hold the outbox row forever
    private static final Duration FAN_OUT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAN_OUT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final Database db;
    private final OutboxStore outbox;
    private final NotificationStore notifications;
    private final Config.Notify settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final NotifyMetrics metrics;
    private final Runnable onNotified;
    private final String owner;
    private final Duration lease;
    private final PeriodicLoop worker;
    /** A round ended with the database gone, leaving claims of ours on events it did not finish. */
    private volatile boolean claimsLeft;

    /**
     * @param onNotified called after an event's notifications are committed: wakes the push channels
     * @param owner      this dispatcher's name in the lease (unique per process)
     * @param lease      how long a claim is exclusive; a dispatcher that died is replaced after it
     * @param pollInterval how often to look for events when nobody calls {@link #wake()}
     */
    public OutboxDispatcher(Database db, OutboxStore outbox, NotificationStore notifications, Config.Notify settings,
                            Clock clock, ObjectMapper json, NotifyMetrics metrics, Runnable onNotified, String owner,
                            Duration lease, Duration pollInterval) {
        this.db = db;
        this.outbox = outbox;
        this.notifications = notifications;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.metrics = metrics;
        this.onNotified = onNotified;
        this.owner = owner;
        this.lease = lease;
        this.worker = new PeriodicLoop("notify-dispatcher", pollInterval, Sleeper.SYSTEM, this::runOnce);
    }

    public OutboxDispatcher start() {
        worker.start();
        return this;
    }

    /** Looks for events now (an event was just written); cheap, never blocks. */
    public void wake() {
        worker.wake();
    }

    /** Claims and fans out the due events; returns how many were claimed (0: nothing to do). */
    public int runOnce() {
        try {
            if (claimsLeft) {
                int released = outbox.releaseLeases(owner);
                claimsLeft = false;
                if (released > 0) log.info("{} outbox events claimed before the database went away are due again", released);
            }
            return round();
        } catch (DatabaseUnavailableException e) {
            // the events claimed in this round are given back once the database answers again (next round)
            claimsLeft = true;
            throw e;
        }
    }

    private int round() {
        Instant now = clock.instant();
        int buried = outbox.buryExhausted(settings.maxAttempts(), now);
        if (buried > 0) log.warn("{} outbox events buried after their dispatchers died {} times", buried, settings.maxAttempts());
        List<OutboxEvent> events = outbox.claim(owner, now, lease, CLAIM_BATCH, settings.maxAttempts());
        for (OutboxEvent e : events) dispatch(e);
        metrics.backlog(outbox.backlog(clock.instant()));
        return events.size();
    }

    private void dispatch(OutboxEvent e) {
        long started = System.nanoTime();
        try {
            FanOut plan = FanOutPlan.of(e, json, settings, clock.instant());
            Integer written = db.inTransaction(h -> {
                if (!outbox.holdLease(h, e.id(), owner)) return null;
                TransactionLimits.apply(h, FAN_OUT_STATEMENT_TIMEOUT, FAN_OUT_LOCK_TIMEOUT);
                int n = notifications.fanOut(h, plan);
                outbox.markDone(h, e.id(), clock.instant());
                return n;
            });
            if (written == null) {
                log.info("outbox event {} was taken over by another dispatcher after our lease expired", e.id());
                return;
            }
            metrics.sent(e.type(), written);
            onNotified.run();
            log.debug("outbox event {} ({}) fanned out to {} users in {} ms", e.id(), e.type(), written,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (DatabaseUnavailableException ex) {
            throw ex; // not the event's failure: the whole round ends, its claims are given back
        } catch (RuntimeException ex) {
            fail(e, ex);
        }
    }

    private void fail(OutboxEvent e, RuntimeException ex) {
        boolean dead = e.attempts() >= settings.maxAttempts();
        Instant now = clock.instant();
        Instant retryAt = now.plus(backoff(e.attempts()));
        String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        if (dead) log.error("outbox event {} ({}) is dead after {} attempts: {}", e.id(), e.type(), e.attempts(), error);
        else log.warn("outbox event {} ({}) failed (attempt {}), retrying at {}: {}", e.id(), e.type(), e.attempts(), retryAt, error);
        outbox.markFailed(e.id(), owner, error, retryAt, dead, now);
    }

    /** 1 s, 2 s, 4 s ... capped at five minutes. */
    static Duration backoff(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 20);
        Duration d = Duration.ofSeconds(1L << exponent);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    @Override
    public void close() {
        worker.close();
    }
}
