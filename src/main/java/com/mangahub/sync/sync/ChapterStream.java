package com.mangahub.sync.sync;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.mangadex.ChapterQuery;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.mangadex.Page;
import com.mangahub.sync.mangadex.SortOrder;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.StoredChapter;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Detects new chapters by walking MangaDex's whole-site {@code GET /chapter} from a saved {@code publishAt}
 * cursor, minus an overlap window for index lag, so a poll costs ceil(new chapters / 100) requests whatever the
 * number of tracked series. Each page commits its chapters, their events and the cursor together: a crash resumes
 * at the last committed page and re-reads are dropped by chapter id.
 *
 * <p>Why publishAt and not updatedAt: MangaDex hides chapters whose publishAt is in the future, and a delayed
 * chapter's updatedAt does not move when it becomes readable, so an updatedAt walk would never see it. Ordered by
 * publishAt, a chapter arrives exactly when it becomes readable. Edits of older chapters are not seen here (they
 * never notify), nor is an upload whose publishAt lies before the overlap window; the reconciliation sweep, which
 * compares {@code latestUploadedChapter}, brings both in.
 */
final class ChapterStream {
    static final String WORKFLOW = "chapter_check";
    private static final int RELEASE_BATCH = 500;

    private final Database db;
    private final MangaDexApi api;
    private final SyncStateStore states;
    private final SyncSettings settings;
    private final Clock clock;
    private final ChapterIntake intake;
    private final ChapterStore chapters = new ChapterStore();
    private final TrackingStore tracking = new TrackingStore();

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

    ChapterStream(Database db, MangaDexApi api, SyncStateStore states, SyncSettings settings, Clock clock,
                  SyncEvents events) {
        this.db = db;
        this.api = api;
        this.states = states;
        this.settings = settings;
        this.clock = clock;
        this.intake = new ChapterIntake(settings.languages(), events);
    }

    Report runOnce() {
        Map<ChapterIntake.Outcome, Integer> outcomes = new EnumMap<>(ChapterIntake.Outcome.class);
        Instant pollStart = clock.instant();
        Instant cursor = states.read(WORKFLOW).cursor().map(Instant::parse).orElse(pollStart);
        WindowCursor position = WindowCursor.from(Optional.of(cursor.minus(settings.overlap())));
        int requests = 0;
        Page<Chapter> page;
        do {
            page = api.listChapters(query(position));
            requests++;
            cursor = storePage(page, cursor, outcomes);
            position = position.after(page.items(), Chapter::publishAt, settings.pageSize());
        } while (page.hasMore());
        releaseDue(outcomes);
        Instant reached = cursor;
        db.inTransaction(c -> {
            // also the first poll's start when it saw nothing, so the next poll does not restart from its own now
            states.saveCursor(c, WORKFLOW, Optional.of(reached.toString()), "{}", clock.instant());
            tracking.recordCheckOfAll(c, pollStart);
            return null;
        });
        return new Report(requests, outcomes);
    }

    private ChapterQuery query(WindowCursor position) {
        return new ChapterQuery(Optional.empty(), Optional.empty(), position.since(), settings.languages(),
                SortOrder.asc("publishAt"), position.offset(), settings.pageSize(), true, settings.contentRatings());
    }

    private Instant storePage(Page<Chapter> page, Instant cursor, Map<ChapterIntake.Outcome, Integer> outcomes) {
        if (page.items().isEmpty()) return cursor;
        Instant newest = page.items().stream().map(Chapter::publishAt).max(Instant::compareTo).orElseThrow();
        Instant next = newest.isAfter(cursor) ? newest : cursor;
        Instant now = clock.instant();
        db.inTransaction(c -> {
            Set<UUID> mangaIds = page.items().stream().map(Chapter::mangaId).collect(Collectors.toSet());
            Map<UUID, TrackedSeries> tracked = tracking.trackedAmong(c, mangaIds);
            Set<UUID> chapterIds = page.items().stream().map(Chapter::id).collect(Collectors.toSet());
            Map<UUID, StoredChapter> stored = chapters.find(c, chapterIds);
            for (Chapter ch : page.items()) {
                TrackedSeries series = tracked.get(ch.mangaId());
                if (series == null) continue;
                var outcome = intake.take(c, series, ch, Optional.ofNullable(stored.get(ch.id())), now);
                outcomes.merge(outcome, 1, Integer::sum);
            }
            states.saveCursor(c, WORKFLOW, Optional.of(next.toString()), "{}", now);
            return null;
        });
        return next;
    }

    private void releaseDue(Map<ChapterIntake.Outcome, Integer> outcomes) {
        int released;
        do {
            Instant now = clock.instant();
            released = db.inTransaction(c -> release(c, now, outcomes));
        } while (released == RELEASE_BATCH);
    }

    private int release(Connection c, Instant now, Map<ChapterIntake.Outcome, Integer> outcomes) throws SQLException {
        var due = chapters.dueForRelease(c, now, RELEASE_BATCH);
        for (StoredChapter pending : due) outcomes.merge(intake.release(c, pending, now), 1, Integer::sum);
        return due.size();
    }
}
