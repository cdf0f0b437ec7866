package com.mangahub.sync.workflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sync workflows' Prometheus metrics: runs, durations and errors per workflow; runs in progress (the active
 * workers); manga and chapters synced.
 */
final class SyncMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Counter mangaSynced;
    private final Counter chaptersSynced;

    SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.mangaSynced = Counter.builder("mangadex_manga_synced").description("Series written from MangaDex")
                .register(registry);
        this.chaptersSynced = Counter.builder("mangadex_chapters_synced")
                .description("Chapter uploads of tracked series stored").register(registry);
    }

    /** One more run of {@code type} in progress in this process; run what it returns when the run ends. */
    Runnable started(String type) {
        AtomicInteger running = active.computeIfAbsent(type, t -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("mangadex_sync_active", n, AtomicInteger::get).tag("type", t)
                    .description("Workflow runs in progress in this process (active workers)").register(registry);
            return n;
        });
        running.incrementAndGet();
        return running::decrementAndGet;
    }

    void run(String type, Duration took) {
        Counter.builder("mangadex_sync_runs").tag("type", type).description("Workflow runs").register(registry)
                .increment();
        Timer.builder("mangadex_sync_duration").tag("type", type).description("Workflow run time")
                .register(registry).record(took);
    }

    void error(String type) {
        Counter.builder("mangadex_sync_errors").tag("type", type).description("Failed workflow runs or series")
                .register(registry).increment();
    }

    /** A chapter set aside because it cannot be stored ({@link ChapterQuarantine}). */
    void quarantined(String type) {
        Counter.builder("mangahub_chapters_quarantined").tag("type", type)
                .description("Chapters from MangaDex that could not be stored and were quarantined").register(registry)
                .increment();
    }

    void mangaSynced(int n) {
        mangaSynced.increment(n);
    }

    void chaptersSynced(int n) {
        chaptersSynced.increment(n);
    }
}
