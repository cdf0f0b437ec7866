package com.mangahub.sync.notify;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.periodic.PeriodicWork;
import com.mangahub.sync.store.RetentionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The periodic deletion of rows that have served their purpose (what may go: {@link RetentionStore}). One round
 * deletes at most one small batch of each kind, each in its own short transaction; the loop runs rounds back to
 * back while they find rows and waits its interval once nothing is left, so a backlog of years drains in many small
 * steps rather than one statement that locks and bloats. Figures on /metrics:
 * {@code mangahub_retention_deleted_total{table}} and {@code mangahub_retention_last_run_seconds} (epoch seconds of
 * the last round that found nothing more to delete).
 */
public final class Retention implements PeriodicWork {
    /** Small enough that a batch commits within milliseconds and holds few row locks. */
    public static final int BATCH = 1_000;

    private final RetentionStore store;
    private final Config.Retention keep;
    private final Clock clock;
    private final int batch;
    private final Counter notifications;
    private final Counter outbox;
    private final Counter jobs;
    private final AtomicLong lastCompleteRun = new AtomicLong();

    public Retention(RetentionStore store, Config.Retention keep, Clock clock, MeterRegistry registry, int batch) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
        this.batch = batch;
        this.notifications = deleted(registry, "notifications");
        this.outbox = deleted(registry, "outbox");
        this.jobs = deleted(registry, "jobs");
        Gauge.builder("mangahub_retention_last_run_seconds", lastCompleteRun, AtomicLong::get)
                .description("when retention last found nothing more to delete (epoch seconds; 0 = not yet)")
                .register(registry);
    }

    private static Counter deleted(MeterRegistry registry, String table) {
        return Counter.builder("mangahub_retention_deleted").tag("table", table)
                .description("rows deleted by retention").register(registry);
    }

    /** Deletes one batch of each kind; returns the rows deleted (0 once everything due is gone). */
    @Override
    public int runOnce() {
        Instant now = clock.instant();
        Instant logCutoff = now.minus(keep.notifications());
        int n = store.deleteNotifications(logCutoff, batch) + store.retireBroadcasts(logCutoff, batch);
        notifications.increment(n);
        int o = store.deleteOutbox(now.minus(keep.outbox()), batch);
        outbox.increment(o);
        int j = store.deleteJobs(now.minus(keep.jobs()), batch);
        jobs.increment(j);
        int total = n + o + j;
        if (total == 0) lastCompleteRun.set(now.getEpochSecond());
        return total;
    }
}
