package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.mangadex.Page;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.DataRefusal;
import com.mangahub.sync.store.StoreException;
import com.mangahub.sync.store.StoredChapter;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Detects new chapters by walking MangaDex's whole-site {@code GET /chapter} from saved cursors, minus an overlap
 * window for index lag, so a poll costs ceil(new chapters / 100) requests plus one whatever the number of tracked
 * series. Each page commits its chapters, their events and the cursors together: a crash resumes at the last
 * committed page and re-reads are dropped by chapter id.
 *
 * <p>What a poll looks for is what became <em>readable</em> (a chapter's {@code readableAt}), and MangaDex has no
 * filter on that, so the poll takes two walks ({@link StreamWalk}): by publishAt for everything whose publishAt has
 * passed, and by createdAt for link chapters whose publishAt lies ahead (link-only chapters, readable from their
 * creation). Why publishAt and not updatedAt for the first: a delayed chapter's updatedAt does not move when it
 * becomes readable, so an updatedAt walk would never see it; ordered by publishAt it arrives exactly when it becomes
 * readable. Edits of older chapters are not seen here (they never notify), nor is an upload whose time lies before
 * the overlap window; the reconciliation sweep, which compares {@code latestUploadedChapter}, brings both in.
 *
 * <p>A series whose follow was accepted but whose baseline is still to take (tracking starts with the follow; the
 * baseline waits for activity) gets it here, before any chapter of it on the page is judged: one feed request
 * ({@link SeriesRefresh#takeBaseline}) when the stream first sees one of its chapters. So the baselines of a 2,000-series library
 * cost one request per series that publishes, never one per series followed.
 *
 * <p>A chapter PostgreSQL refuses to store (its texts were made storable when parsed, so this is what is left) is
 * quarantined ({@link ChapterQuarantine}) and the page commits without it: one chapter never holds the cursor.
 */
final class ChapterStream {
    static final String WORKFLOW = "chapter_check";
    private static final int RELEASE_BATCH = 500;
    /** How far past our own clock a cursor may move: MangaDex's clock may run ahead, by seconds, not hours. */
    private static final Duration MAX_AHEAD = Duration.ofHours(1);

    private final WorkflowContext w;
    private final ChapterIntake intake;
    private final ChapterStore chapters = new ChapterStore();
    private final TrackingStore tracking = new TrackingStore();
    private final ChapterQuarantine quarantine;
    private final SeriesRefresh baselines;

    /** What one poll did: requests made and what became of each chapter seen. */
    record Report(int requests, Map<ChapterIntake.Outcome, Integer> outcomes) {
        int count(ChapterIntake.Outcome o) {
            return outcomes.getOrDefault(o, 0);
        }

        /** Chapter rows written: new uploads, delayed ones held, and edits. */
        int stored() {
            return count(ChapterIntake.Outcome.ANNOUNCED) + count(ChapterIntake.Outcome.ALREADY_KNOWN)
                    + count(ChapterIntake.Outcome.PENDING) + count(ChapterIntake.Outcome.EDITED);
        }
    }

    ChapterStream(WorkflowContext w, SeriesRefresh baselines) {
        this.w = w;
        this.baselines = baselines;
        this.intake = new ChapterIntake(w.settings().languages(), w.events());
        this.quarantine = new ChapterQuarantine(w.metrics(), WORKFLOW);
    }

    /** At detection priority: nothing a reader or a bulk job asks of MangaDex may hold a poll back. */
    Report runOnce() {
        return RequestPriority.DETECTION.run(this::poll);
    }

    private Report poll() {
        Map<ChapterIntake.Outcome, Integer> outcomes = new EnumMap<>(ChapterIntake.Outcome.class);
        Instant pollStart = w.clock().instant();
        StreamCursor cursor = StreamCursor.decode(w.states().read(WORKFLOW).cursor(), pollStart);
        int requests = 0;
        for (StreamWalk walk : StreamWalk.values()) {
            WindowCursor position = WindowCursor.from(Optional.of(cursor.of(walk).minus(w.settings().overlap())));
            Page<Chapter> page;
            do {
                page = w.api().listChapters(walk.query(position, w.settings()));
                requests++;
                cursor = storePage(walk, page, cursor, pollStart.plus(MAX_AHEAD), outcomes);
                position = position.after(page.items(), walk::time, w.settings().pageSize());
            } while (page.hasMore());
        }
        releaseDue(outcomes);
        String reached = cursor.encode();
        w.db().inTransaction(c -> {
            // also the first poll's start when it saw nothing, so the next poll does not restart from its own now
            w.states().saveCursor(c, WORKFLOW, Optional.of(reached), "{}", w.clock().instant());
            tracking.recordCheckOfAll(c, pollStart);
            return null;
        });
        return new Report(requests, outcomes);
    }

    /**
     * Takes one page in and moves that walk's cursor to the newest time on it, never further than {@code horizon}:
     * MangaDex's clock may run a little ahead of ours, but a cursor years ahead would skip every later chapter.
     */
    private StreamCursor storePage(StreamWalk walk, Page<Chapter> page, StreamCursor cursor, Instant horizon,
                                   Map<ChapterIntake.Outcome, Integer> outcomes) {
        if (page.items().isEmpty()) return cursor;
        Instant newest = page.items().stream().map(walk::time).filter(t -> !t.isAfter(horizon))
                .max(Instant::compareTo).orElse(cursor.of(walk));
        StreamCursor next = newest.isAfter(cursor.of(walk)) ? cursor.with(walk, newest) : cursor;
        Map<ChapterIntake.Outcome, Integer> taken = null;
        while (taken == null) {
            takeBaselines(page);
            try {
                taken = storeOnce(page, next);
            } catch (BaselineRace e) {
                // a follow was accepted between the baselines above and the page's transaction: take its baseline too
            }
        }
        taken.forEach((outcome, n) -> outcomes.merge(outcome, n, Integer::sum));
        return next;
    }

    private Map<ChapterIntake.Outcome, Integer> storeOnce(Page<Chapter> page, StreamCursor next) {
        Instant now = w.clock().instant();
        try {
            return w.db().inTransaction(c -> takePage(c, page, next, now, false));
        } catch (StoreException e) {
            if (DataRefusal.of(e).isEmpty()) throw e;
            // a chapter of this page cannot be stored: take the page again, each chapter on its own savepoint, and
            // set aside the ones PostgreSQL refuses (only this rare path pays the savepoints' round trips)
            return w.db().inTransaction(c -> takePage(c, page, next, now, true));
        }
    }

    /** The baselines still to take of the series with a chapter on this page in a tracked language. */
    private void takeBaselines(Page<Chapter> page) {
        Set<UUID> ids = page.items().stream().filter(ch -> w.settings().languages().contains(ch.language()))
                .map(Chapter::mangaId).collect(Collectors.toSet());
        if (ids.isEmpty()) return;
        List<TrackedSeries> pending = w.db().inTransaction(c -> tracking.trackedAmong(c, ids)).values().stream()
                .filter(TrackedSeries::baselinePending).toList();
        for (TrackedSeries series : pending) baselines.takeBaseline(series);
    }

    /** The page's chapters and the walk's cursor, in the caller's transaction; what became of each chapter. */
    private Map<ChapterIntake.Outcome, Integer> takePage(Handle c, Page<Chapter> page, StreamCursor next, Instant now,
                                                         boolean quarantining) {
        Map<ChapterIntake.Outcome, Integer> outcomes = new EnumMap<>(ChapterIntake.Outcome.class);
        Set<UUID> mangaIds = page.items().stream().map(Chapter::mangaId).collect(Collectors.toSet());
        Map<UUID, TrackedSeries> tracked = tracking.trackedAmong(c, mangaIds);
        Set<UUID> chapterIds = page.items().stream().map(Chapter::id).collect(Collectors.toSet());
        Map<UUID, StoredChapter> stored = chapters.find(c, chapterIds);
        for (Chapter ch : page.items()) {
            TrackedSeries series = tracked.get(ch.mangaId());
            if (series == null) continue;
            if (series.baselinePending() && w.settings().languages().contains(ch.language())) throw new BaselineRace();
            Supplier<ChapterIntake.Outcome> take =
                    () -> intake.take(c, series, ch, Optional.ofNullable(stored.get(ch.id())), now);
            Optional<ChapterIntake.Outcome> outcome = quarantining
                    ? quarantine.guarded(c, ch, now, take) : Optional.of(take.get());
            outcome.ifPresent(o -> outcomes.merge(o, 1, Integer::sum));
        }
        w.states().saveCursor(c, WORKFLOW, Optional.of(next.encode()), "{}", now);
        return outcomes;
    }

    /** A series on the page started tracking after its baselines were taken; the page is taken again. */
    private static final class BaselineRace extends RuntimeException {
        BaselineRace() {
            super(null, null, false, false);
        }
    }

    private void releaseDue(Map<ChapterIntake.Outcome, Integer> outcomes) {
        int released;
        do {
            Instant now = w.clock().instant();
            released = w.db().inTransaction(c -> release(c, now, outcomes));
        } while (released == RELEASE_BATCH);
    }

    private int release(Handle c, Instant now, Map<ChapterIntake.Outcome, Integer> outcomes) {
        var due = chapters.dueForRelease(c, now, RELEASE_BATCH);
        for (StoredChapter pending : due) outcomes.merge(intake.release(c, pending, now), 1, Integer::sum);
        return due.size();
    }
}
