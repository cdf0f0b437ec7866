package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.mangadex.FeedQuery;
import com.mangahub.sync.store.ChapterStore;
import com.mangahub.sync.store.StoredChapter;
import com.mangahub.sync.store.TrackedSeries;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings one tracked series in line with its feed: what the stream missed is taken through the same rules, and
 * readable chapters the feed no longer lists are marked deleted. Used by the sweep and by manual syncs.
 */
final class SeriesRefresh {
    private final WorkflowContext w;
    private final ChapterIntake intake;
    private final ChapterStore chapters = new ChapterStore();
    private final TrackingStore tracking = new TrackingStore();

    /** What a refresh found: the numbers it announced and counts of the rest. */
    record Result(List<String> announced, int edited, int pending, int deleted) {}

    SeriesRefresh(WorkflowContext w) {
        this.w = w;
        this.intake = new ChapterIntake(w.settings().languages(), w.events());
    }

    Result refresh(TrackedSeries series, Optional<UUID> latestUploaded) {
        Instant now = w.clock().instant();
        List<Chapter> all = w.api().feed(series.mangadexId(), feed());
        return w.db().inTransaction(c -> {
            Map<UUID, StoredChapter> stored = chapters.find(c, all.stream().map(Chapter::id).toList());
            List<String> announced = new ArrayList<>();
            int edited = 0;
            int pending = 0;
            for (Chapter ch : all) {
                switch (intake.take(c, series, ch, Optional.ofNullable(stored.get(ch.id())), now)) {
                    case ANNOUNCED -> announced.add(ch.number().toString());
                    case EDITED -> edited++;
                    case PENDING -> pending++;
                    case ALREADY_KNOWN, UNCHANGED, BEFORE_TRACKING, IGNORED -> { }
                }
            }
            int deleted = chapters.markMissingDeleted(c, series.id(), w.settings().languages(),
                    all.stream().map(Chapter::id).toList(), now);
            tracking.recordCheck(c, series.id(), Optional.empty(), Optional.empty(), now);
            if (latestUploaded.isPresent()) tracking.recordLatestUploaded(c, series.id(), latestUploaded);
            return new Result(announced, edited, pending, deleted);
        });
    }

    /**
     * Every chapter of the series, those with a publishAt ahead included: feeds hide them by default, and among them
     * are the link-only chapters, readable since their creation. Ratings are sent explicitly.
     */
    FeedQuery feed() {
        return new FeedQuery(w.settings().languages(), true, w.settings().contentRatings());
    }
}
