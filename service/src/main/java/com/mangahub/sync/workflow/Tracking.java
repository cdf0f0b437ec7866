package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.KnownChapters;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Starts tracking a series: its feed becomes the baseline of known chapter numbers (never announced), so following
 * a series with 200 chapters notifies none of them, and every chapter readable afterwards is judged new or not.
 * Safe to call twice or concurrently: the first baseline to commit wins, the others change nothing.
 */
public final class Tracking {
    private final WorkflowContext w;
    private final SeriesRefresh feeds;
    private final List<String> languages;
    private final MangaStore mangaStore = new MangaStore();
    private final TrackingStore tracking = new TrackingStore();
    private final KnownChapters known = new KnownChapters();
    private final ChapterStore chapters = new ChapterStore();

    /** The outcome: whether this call started tracking, and how many numbers and delayed chapters it recorded. */
    public record Baseline(UUID mangadexId, boolean started, int knownNumbers, int pending) {}

    Tracking(WorkflowContext w, SeriesRefresh feeds) {
        this.w = w;
        this.feeds = feeds;
        this.languages = w.settings().languages();
    }

    /** Takes the baseline of a series not tracked yet (fetching it first when the catalogue lacks it). */
    public Baseline startTracking(UUID mangadexId) {
        TrackedSeries series = stored(mangadexId);
        if (series.tracked()) return new Baseline(mangadexId, false, 0, 0);
        // tracking starts before the feed is read: a chapter readable after this instant and missing from the
        // feed still counts as new when the stream or the sweep brings it. Whole seconds, because MangaDex's
        // publishAt has no fraction: a chapter of this very second must not look older than the tracking.
        Instant since = w.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        // the feed with the chapters whose publishAt lies ahead: link-only ones are readable already and belong to
        // the back catalogue; delayed ones are held and judged when they become readable
        List<Chapter> listed = w.api().feed(mangadexId, feeds.feed()).stream()
                .filter(ch -> languages.contains(ch.language())).toList();
        List<Chapter> readable = listed.stream().filter(ch -> ch.isReadableAt(since)).toList();
        List<Chapter> ahead = listed.stream().filter(ch -> !ch.isReadableAt(since)).toList();
        return w.db().inTransaction(c -> {
            if (!tracking.startTracking(c, series.id(), since)) return new Baseline(mangadexId, false, 0, 0);
            List<KnownChapters.Key> keys = readable.stream().map(ch -> ChapterIntake.key(ch.language(), ch.number()))
                    .distinct().toList();
            known.addSilently(c, series.id(), keys, since);
            // readable for MangaDex but not yet by our clock: held, and judged when our clock agrees
            for (Chapter ch : ahead) chapters.insert(c, series.id(), ch, true, since);
            recordLatest(c, series.id(), readable, since);
            return new Baseline(mangadexId, true, keys.size(), ahead.size());
        });
    }

    private TrackedSeries stored(UUID mangadexId) {
        Optional<TrackedSeries> found = w.db().inTransaction(c -> tracking.byMangadexId(c, mangadexId));
        if (found.isPresent()) return found.get();
        Manga manga = w.api().manga(mangadexId)
                .orElseThrow(() -> new MangaDexException.NotFound("MangaDex has no series " + mangadexId));
        return w.db().inTransaction(c -> {
            mangaStore.upsert(c, manga, w.clock().instant());
            return tracking.byMangadexId(c, mangadexId).orElseThrow();
        });
    }

    private void recordLatest(Handle c, long id, List<Chapter> readable, Instant now) {
        Optional<ChapterNumber> latest = readable.stream().map(Chapter::number)
                .filter(n -> n.sortKey().isPresent()).max(Comparator.naturalOrder());
        tracking.recordCheck(c, id, latest.flatMap(ChapterNumber::text), latest.flatMap(ChapterNumber::sortKey), now);
    }
}
