package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches whatever the chapter stream missed (downtime, index lag): tracked series are compared 100 at a time
 * with {@code GET /manga?ids[]=} on {@code latestUploadedChapter}, and only those that differ get a feed request.
 * Metadata edits (a new MangaDex version) become MANGA_UPDATE events. One failing series never stops the sweep.
 */
final class ReconcileSweep {
    static final String WORKFLOW = "reconcile";
    private static final Logger log = LoggerFactory.getLogger(ReconcileSweep.class);
    private static final int BATCH = 100;

    private final Database db;
    private final MangaDexApi api;
    private final Clock clock;
    private final SeriesRefresh refresh;
    private final SyncMetrics metrics;
    private final TrackingStore tracking = new TrackingStore();
    private final MangaStore mangaStore = new MangaStore();
    private final SyncEvents events;

    /** Series compared, refreshed from their feed, chapters announced, series that failed. */
    record Report(int compared, int refreshed, int announced, int failed) {}

    ReconcileSweep(Database db, MangaDexApi api, Clock clock, SeriesRefresh refresh, SyncMetrics metrics,
                   SyncEvents events) {
        this.db = db;
        this.api = api;
        this.clock = clock;
        this.refresh = refresh;
        this.metrics = metrics;
        this.events = events;
    }

    Report runOnce() {
        int compared = 0, refreshed = 0, announced = 0, failed = 0;
        long afterId = 0;
        List<TrackedSeries> batch;
        while (!(batch = nextBatch(afterId)).isEmpty()) {
            afterId = batch.getLast().id();
            Map<UUID, Manga> remote = api.mangaByIds(batch.stream().map(TrackedSeries::mangadexId).toList())
                    .stream().collect(Collectors.toMap(Manga::id, Function.identity(), (a, b) -> a));
            for (TrackedSeries series : batch) {
                Manga m = remote.get(series.mangadexId());
                if (m == null) continue;
                compared++;
                try {
                    // chapters first: the metadata write also moves latestUploadedChapter, which must only move once
                    // the feed has been taken in, or a failed refresh would never be retried
                    if (!Objects.equals(m.latestUploadedChapter(), series.latestUploadedChapter())) {
                        announced += refresh.refresh(series, m.latestUploadedChapter()).announced().size();
                        refreshed++;
                    }
                    if (m.version() != series.mangadexVersion()) updateMetadata(m);
                } catch (RuntimeException e) {
                    failed++;
                    metrics.error(WORKFLOW);
                    log.warn("reconcile of {} failed: {}", series.mangadexId(), e.getMessage());
                }
            }
        }
        return new Report(compared, refreshed, announced, failed);
    }

    private List<TrackedSeries> nextBatch(long afterId) {
        return db.inTransaction(c -> tracking.trackedAfter(c, afterId, BATCH));
    }

    private void updateMetadata(Manga m) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            MangaStore.Saved saved = mangaStore.upsert(c, m, now);
            if (!saved.changes().isEmpty()) events.mangaUpdate(c, saved.id(), m, saved.changes(), now);
            return saved;
        });
    }
}
