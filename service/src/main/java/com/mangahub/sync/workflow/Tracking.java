package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts tracking a series the moment a follow is accepted: from that instant every chapter that becomes readable is
 * judged, so nothing published after the follow can turn into back catalogue. The baseline (which numbers were
 * readable before) is not read now: the chapter stream and the sweep take it, one feed pass, when the series first
 * shows activity ({@link SeriesRefresh}), so a library of 2,000 quiet series costs no feed request at all.
 * Safe to call twice or concurrently: the first start to commit wins, the others change nothing.
 */
public final class Tracking {
    private final WorkflowContext w;
    private final SeriesRefresh refresh;
    private final MangaStore mangaStore = new MangaStore();
    private final TrackingStore tracking = new TrackingStore();

    /** The outcome of an eager baseline: whether tracking started here, the numbers it knew and the held chapters. */
    public record Baseline(UUID mangadexId, boolean started, int knownNumbers, int pending) {}

    Tracking(WorkflowContext w, SeriesRefresh refresh) {
        this.w = w;
        this.refresh = refresh;
    }

    /**
     * Starts tracking now, its baseline left for the first activity. The catalogue entry is read fresh (one request):
     * its {@code latestUploadedChapter} is what the sweep compares from now on. False when it was tracked already.
     *
     * @throws MangaDexException.NotFound when MangaDex has no such series
     */
    public boolean start(UUID mangadexId) {
        Optional<TrackedSeries> found = w.db().inTransaction(c -> tracking.byMangadexId(c, mangadexId));
        if (found.isPresent() && found.get().tracked()) return false;
        return start(w.api().manga(mangadexId)
                .orElseThrow(() -> new MangaDexException.NotFound("MangaDex has no series " + mangadexId)));
    }

    /** {@link #start(UUID)} with the series as MangaDex has just answered it. */
    boolean start(Manga manga) {
        // Whole seconds, because MangaDex's publishAt has no fraction: a chapter of this very second must not look
        // older than the tracking.
        Instant since = w.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        return w.db().inTransaction(c -> {
            MangaStore.Saved saved = mangaStore.upsert(c, manga, w.clock().instant());
            return tracking.startTracking(c, saved.id(), since);
        });
    }

    /** Starts tracking and takes the baseline at once (a manual sync asks for it): one feed pass. */
    public Baseline startTracking(UUID mangadexId) {
        return baseline(mangadexId, start(mangadexId));
    }

    /** Takes the baseline of a tracked series now when it is still to take. */
    Baseline baseline(UUID mangadexId, boolean started) {
        TrackedSeries series = w.db().inTransaction(c -> tracking.byMangadexId(c, mangadexId)).orElseThrow();
        if (!series.baselinePending()) return new Baseline(mangadexId, started, 0, 0);
        SeriesRefresh.Result r = refresh.refresh(series, Optional.empty());
        return new Baseline(mangadexId, started, r.backCatalogue(), r.pending());
    }
}
