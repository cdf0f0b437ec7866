package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
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
    static final int HISTORY_PER_SWEEP = 50;

    private final WorkflowContext w;
    private final SeriesRefresh refresh;
    private final TrackingStore tracking = new TrackingStore();
    private final MangaStore mangaStore = new MangaStore();

    /** Series compared, refreshed from their feed, chapters announced, series that failed. */
    record Report(int compared, int refreshed, int announced, int failed) {}

    ReconcileSweep(WorkflowContext w, SeriesRefresh refresh) {
        this.w = w;
        this.refresh = refresh;
    }

    /** Bulk work: its requests follow the number of tracked series, so detection and readers go first. */
    Report runOnce() {
        return RequestPriority.bulk(this::sweep);
    }

    private Report sweep() {
        int compared = 0, refreshed = 0, announced = 0, failed = 0;
        long afterId = 0;
        List<TrackedSeries> batch;
        while (!(batch = nextBatch(afterId)).isEmpty()) {
            afterId = batch.getLast().id();
            Map<UUID, Manga> remote = w.api().mangaByIds(batch.stream().map(TrackedSeries::mangadexId).toList())
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
                    w.metrics().error(WORKFLOW);
                    log.warn("reconcile of {} failed: {}", series.mangadexId(), e.getMessage());
                }
            }
        }
        announced += dateQuietSeries();
        return new Report(compared, refreshed, announced, failed);
    }

    /**
     * A followed series quiet since its follow has no release history, so no forecast (issue 28): each sweep takes the
     * baselines of a few of them, oldest follow first, one feed request each at this bulk priority. The baseline is the
     * one the stream would take at the series' first chapter (it dates the back catalogue in reader_chapters), taken
     * early; the count per sweep bounds what it costs: at the default hourly sweep, at most
     * {@value #HISTORY_PER_SWEEP} requests an hour, so a 2,000-series import is dated within two days.
     */
    private int dateQuietSeries() {
        int announced = 0;
        for (TrackedSeries series : w.db().inTransaction(c -> tracking.followedWithoutHistory(c, HISTORY_PER_SWEEP))) {
            try {
                announced += refresh.takeBaseline(series).announced().size();
            } catch (RuntimeException e) {
                w.metrics().error(WORKFLOW);
                log.warn("the history of {} could not be read: {}", series.mangadexId(), e.getMessage());
            }
        }
        return announced;
    }

    private List<TrackedSeries> nextBatch(long afterId) {
        return w.db().inTransaction(c -> tracking.trackedAfter(c, afterId, BATCH));
    }

    private void updateMetadata(Manga m) {
        Instant now = w.clock().instant();
        w.db().inTransaction(c -> {
            MangaStore.Saved saved = mangaStore.upsert(c, m, now);
            if (!saved.changes().isEmpty()) w.events().mangaUpdate(c, saved.id(), m, saved.changes(), now);
            return saved;
        });
    }
}
