package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.KnownChapters;
import com.mangahub.sync.store.StoredChapter;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The rules of "new for a reader" (ARCHITECTURE.md), applied to one chapter upload of a tracked series inside the
 * caller's transaction. Whatever path a chapter arrives by (stream, feed, release of a delayed one), it ends here,
 * so the stream, the sweep and manual syncs can never disagree or announce the same number twice.
 */
final class ChapterIntake {

    /** What became of one upload. */
    enum Outcome {
        /** A never-seen number that became readable after tracking started: one NEW_CHAPTER event. */
        ANNOUNCED,
        /** Stored, but its number was known: another group's upload or a re-upload. */
        ALREADY_KNOWN,
        /** Stored until its readableAt passes. */
        PENDING,
        /** Seen before; its fields were updated. Edits never notify. */
        EDITED,
        /** Seen before, unchanged (the overlap window re-reads chapters). */
        UNCHANGED,
        /** Readable before tracking started: back catalogue, known silently and not stored. */
        BEFORE_TRACKING,
        /** Not in a tracked language. */
        IGNORED
    }

    private final ChapterStore chapters = new ChapterStore();
    private final KnownChapters known = new KnownChapters();
    private final TrackingStore tracking = new TrackingStore();
    private final SyncEvents events;
    private final List<String> languages;

    ChapterIntake(List<String> languages, SyncEvents events) {
        this.languages = List.copyOf(languages);
        this.events = events;
    }

    Outcome take(Handle c, TrackedSeries series, Chapter ch, Optional<StoredChapter> stored, Instant now) {
        if (!languages.contains(ch.language())) return Outcome.IGNORED;
        if (stored.isPresent()) {
            if (stored.get().version() == ch.version()) return Outcome.UNCHANGED;
            chapters.update(c, stored.get().rowId(), ch, now);
            return Outcome.EDITED;
        }
        if (!ch.isReadableAt(now)) {
            chapters.insert(c, series.id(), ch, true, now);
            return Outcome.PENDING;
        }
        if (ch.readableAt().isBefore(series.trackedSince().orElseThrow())) {
            known.add(c, series.id(), new KnownChapters.Release(key(ch.language(), ch.number()), ch.readableAt()), false,
                    now);
            return Outcome.BEFORE_TRACKING;
        }
        chapters.insert(c, series.id(), ch, false, now);
        return announce(c, series, ch.language(), ch.number(), ch.id(), ch.externalUrl(), ch.readableAt(), now);
    }

    /** A delayed chapter whose readableAt has passed: judged now, as if it had just been uploaded. */
    Outcome release(Handle c, StoredChapter pending, Instant now) {
        chapters.markReleased(c, pending.rowId());
        TrackedSeries series = tracking.byId(c, pending.mangaId()).orElseThrow();
        return announce(c, series, pending.language(), pending.number(), pending.chapterId(), pending.externalUrl(),
                pending.readableAt(), now);
    }

    private Outcome announce(Handle c, TrackedSeries series, String language, ChapterNumber number,
                             UUID chapterId, Optional<String> externalUrl, Instant readableAt, Instant now) {
        Optional<String> old = tracking.latestChapter(c, series.id());
        // asked before the number is added: no number known in this language makes this the series' first there
        boolean first = !known.anyIn(c, series.id(), language);
        if (!known.add(c, series.id(), new KnownChapters.Release(key(language, number), readableAt), true, now)) {
            return Outcome.ALREADY_KNOWN;
        }
        SyncEvents.NewChapter chapter = new SyncEvents.NewChapter(language, number.text(), old, chapterId, externalUrl);
        events.newChapter(c, series, chapter, now);
        if (first) events.firstChapter(c, series, chapter, now);
        tracking.recordCheck(c, series.id(), number.text(), number.sortKey(), now);
        return Outcome.ANNOUNCED;
    }

    static KnownChapters.Key key(String language, ChapterNumber number) {
        return new KnownChapters.Key(language, number);
    }
}
