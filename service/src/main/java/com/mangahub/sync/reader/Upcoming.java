package com.mangahub.sync.reader;

import com.mangahub.sync.manga.ReleaseForecast;
import com.mangahub.sync.store.ReleaseHistoryStore;
import com.mangahub.sync.store.ReleaseHistoryStore.SeriesHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What comes next in a reader's library (issue 28): one {@link ReleaseForecast} per followed series, from the history
 * the database already holds. Read by {@code GET /api/me/upcoming}, the web app's Upcoming view and the calendar feed.
 * It never asks MangaDex: a series whose baseline is still pending (followed, quiet since) has no history yet and is
 * "unknown" until its first chapter or the reconciliation sweep reads it (docs/architecture.md, "What comes next").
 */
public final class Upcoming {
    private final ReleaseHistoryStore store;
    private final Clock clock;

    public Upcoming(ReleaseHistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * One followed series in the API's words; {@code state}, {@code group} and {@code reason} in lower case;
     * {@code nextChapter} is the delayed chapter's number when the date is a scheduled one.
     */
    public record Entry(UUID mangaId, String title, String status, String coverUrl, String latestChapter, String state,
                        String group, LocalDate expectedDate, Integer usualGapDays, Instant lastReleaseAt,
                        String reason, String nextChapter) {}

    /** The answer: today's date (UTC, the calendar the days and weeks are counted in) and every followed series. */
    public record View(LocalDate today, List<Entry> series) {}

    public View of(long userId) {
        Instant now = clock.instant();
        List<Entry> entries = store.forReader(userId, now).stream().map(this::entry).toList();
        return new View(LocalDate.ofInstant(now, ZoneOffset.UTC), entries);
    }

    private Entry entry(SeriesHistory s) {
        Optional<Instant> scheduled = Optional.ofNullable(s.scheduledAt());
        ReleaseForecast f = ReleaseForecast.of(s.status(), s.history(), scheduled, clock);
        boolean isScheduled = f.state() == ReleaseForecast.State.SCHEDULED;
        return new Entry(s.mangaDexId(), s.title(), s.status(), s.coverUrl(), s.latestChapter(), lower(f.state()),
                lower(f.group(clock)), f.expected().orElse(null),
                f.usualGap().map(g -> (int) g.toDays()).orElse(null), f.lastRelease().orElse(null),
                f.reason().map(Upcoming::lower).orElse(null), isScheduled ? s.scheduledChapter() : null);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
