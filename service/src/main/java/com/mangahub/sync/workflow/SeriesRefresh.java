package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.mangadex.FeedQuery;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.KnownChapters;
import com.mangahub.sync.store.StoredChapter;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Brings one tracked series in line with its feed: what the stream missed is taken through the same rules, and
 * readable chapters the feed no longer lists are marked deleted. Used by the sweep, by manual syncs, and by the
 * stream for a series whose baseline is still to take: then the same pass is the baseline, because the intake files
 * every chapter readable before {@code trackedSince} as back catalogue and judges the later ones as new.
 */
final class SeriesRefresh {
    /** Readable first: a number's back-catalogue upload must be known before a later upload of it is judged. */
    private static final Comparator<Chapter> READABLE_ORDER = Comparator.comparing(Chapter::readableAt);

    private final WorkflowContext w;
    private final ChapterIntake intake;
    private final ChapterStore chapters = new ChapterStore();
    private final TrackingStore tracking = new TrackingStore();
    private final KnownChapters known = new KnownChapters();

    /** What a refresh found: the numbers it announced, counts of the rest, and the back-catalogue numbers it learnt. */
    record Result(List<String> announced, int edited, int pending, int deleted, int backCatalogue) {}

    SeriesRefresh(WorkflowContext w) {
        this.w = w;
        this.intake = new ChapterIntake(w.settings().languages(), w.events());
    }

    Result refresh(TrackedSeries series, Optional<UUID> latestUploaded) {
        return take(series, w.api().feed(series.mangadexId(), feed()), true, latestUploaded);
    }

    /**
     * The baseline the chapter stream takes when it first sees a chapter of a series whose baseline is pending: one
     * feed walk, the chapters whose publishAt has passed (one request for a series of up to 500 chapters in the
     * tracked languages). It leaves out what only the second walk of {@link #feed()} lists, chapters whose publishAt
     * lies ahead: the delayed ones are judged by the stream when they become readable, and a link-only chapter of the
     * back catalogue stays unknown (a later upload of that number by a group would be announced; the sweep's whole
     * pass, or a manual sync, knows it).
     */
    Result takeBaseline(TrackedSeries series) {
        List<Chapter> published = w.api().feed(series.mangadexId(),
                new FeedQuery(w.settings().languages(), false, w.settings().contentRatings()));
        return take(series, published, false, Optional.empty());
    }

    /**
     * Takes the listed chapters in; {@code wholeFeed} when they are every chapter of the series, so that readable
     * ones no longer listed are marked deleted.
     */
    private Result take(TrackedSeries series, List<Chapter> listed, boolean wholeFeed, Optional<UUID> latestUploaded) {
        Instant now = w.clock().instant();
        List<Chapter> all = listed.stream().sorted(READABLE_ORDER).toList();
        return w.db().inTransaction(c -> {
            Map<UUID, StoredChapter> stored = chapters.find(c, all.stream().map(Chapter::id).toList());
            // the back catalogue in one batch (a baseline lists hundreds): what the intake would file one by one
            List<Chapter> before = all.stream().filter(ch -> isBackCatalogue(series, ch, stored)).toList();
            // in readable order, so each number's first upload is the one that dates it (the rest conflict)
            List<KnownChapters.Release> backCatalogue = before.stream()
                    .map(ch -> new KnownChapters.Release(ChapterIntake.key(ch.language(), ch.number()), ch.readableAt()))
                    .toList();
            known.addSilently(c, series.id(), backCatalogue, now);
            Set<UUID> filed = before.stream().map(Chapter::id).collect(Collectors.toSet());
            List<String> announced = new ArrayList<>();
            int edited = 0;
            int pending = 0;
            for (Chapter ch : all) {
                if (filed.contains(ch.id())) continue;
                switch (intake.take(c, series, ch, Optional.ofNullable(stored.get(ch.id())), now)) {
                    case ANNOUNCED -> announced.add(ch.number().toString());
                    case EDITED -> edited++;
                    case PENDING -> pending++;
                    case ALREADY_KNOWN, UNCHANGED, BEFORE_TRACKING, IGNORED -> { }
                }
            }
            int deleted = wholeFeed ? chapters.markMissingDeleted(c, series.id(), w.settings().languages(),
                    all.stream().map(Chapter::id).toList(), now) : 0;
            Optional<ChapterNumber> latest = series.baselinePending()
                    ? highest(before.stream().map(Chapter::number).toList()) : Optional.empty();
            tracking.recordCheck(c, series.id(), latest.flatMap(ChapterNumber::text),
                    latest.flatMap(ChapterNumber::sortKey), now);
            if (series.baselinePending()) tracking.baselineTaken(c, series.id());
            if (latestUploaded.isPresent()) tracking.recordLatestUploaded(c, series.id(), latestUploaded);
            int numbers = (int) backCatalogue.stream().map(KnownChapters.Release::key).distinct().count();
            return new Result(announced, edited, pending, deleted, numbers);
        });
    }

    /** Readable before tracking started, in a tracked language, never stored: known silently, never announced. */
    private boolean isBackCatalogue(TrackedSeries series, Chapter ch, Map<UUID, StoredChapter> stored) {
        return w.settings().languages().contains(ch.language()) && !stored.containsKey(ch.id())
                && ch.readableAt().isBefore(series.trackedSince().orElseThrow());
    }

    /** The back catalogue's highest number: the series' latest chapter until a new one comes. */
    private static Optional<ChapterNumber> highest(List<ChapterNumber> numbers) {
        return numbers.stream().filter(n -> n.sortKey().isPresent()).max(Comparator.naturalOrder());
    }

    /**
     * Every chapter of the series, those with a publishAt ahead included: feeds hide them by default, and among them
     * are the link-only chapters, readable since their creation. Ratings are sent explicitly.
     */
    FeedQuery feed() {
        return new FeedQuery(w.settings().languages(), true, w.settings().contentRatings());
    }
}
