package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks one series now ({@code POST /api/manga/{id}/sync}): its metadata is refreshed (a change is a MANGA_UPDATE
 * event), an untracked series gets its baseline, a tracked one is brought in line with its feed.
 */
final class ManualSync {
    private final WorkflowContext w;
    private final Tracking tracking;
    private final SeriesRefresh refresh;
    private final MangaStore mangaStore = new MangaStore();
    private final TrackingStore trackingStore = new TrackingStore();

    /** What the sync found, as the HTTP answer reports it; {@code latestChapter} is null when none is known. */
    record Result(UUID mangaId, String title, boolean baselineTaken, List<String> newChapters, int editedChapters,
                  int pendingChapters, int deletedChapters, String latestChapter) {}

    ManualSync(WorkflowContext w, Tracking tracking, SeriesRefresh refresh) {
        this.w = w;
        this.tracking = tracking;
        this.refresh = refresh;
    }

    Result sync(UUID mangadexId) {
        Manga manga = w.api().manga(mangadexId)
                .orElseThrow(() -> new MangaDexException.NotFound("MangaDex has no series " + mangadexId));
        Instant now = w.clock().instant();
        w.db().inTransaction(c -> {
            MangaStore.Saved saved = mangaStore.upsert(c, manga, now);
            if (!saved.created() && !saved.changes().isEmpty()) {
                w.events().mangaUpdate(c, saved.id(), manga, saved.changes(), now);
            }
            return saved;
        });
        TrackedSeries series = w.db().inTransaction(c -> trackingStore.byMangadexId(c, mangadexId)).orElseThrow();
        if (!series.tracked()) {
            Tracking.Baseline baseline = tracking.baseline(mangadexId, tracking.start(manga));
            return result(manga, baseline.started(),
                    new SeriesRefresh.Result(List.of(), 0, baseline.pending(), 0, baseline.knownNumbers()));
        }
        // a series followed but quiet since: this pass is its baseline
        return result(manga, series.baselinePending(), refresh.refresh(series, manga.latestUploadedChapter()));
    }

    private Result result(Manga manga, boolean baseline, SeriesRefresh.Result r) {
        Optional<String> latest = w.db().inTransaction(c -> trackingStore.byMangadexId(c, manga.id()))
                .flatMap(TrackedSeries::latestChapter);
        return new Result(manga.id(), manga.title(), baseline, r.announced(), r.edited(), r.pending(), r.deleted(),
                latest.orElse(null));
    }
}
