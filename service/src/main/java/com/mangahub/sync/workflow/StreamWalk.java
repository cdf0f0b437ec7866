package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.mangadex.ChapterQuery;
import com.mangahub.sync.mangadex.SortOrder;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two whole-site walks of one chapter poll. MangaDex offers {@code order[readableAt]} but no
 * {@code readableAtSince}, and a chapter becomes readable in one of two ways (its documented {@code readableAt}):
 * when its publishAt passes (ordinary and delayed uploads), or at its creation when it is a link-only chapter, whose
 * publishAt MangaDex sets years ahead. Each way has a time field that says when, and a {@code *Since} filter on it,
 * so each walk pages from its own cursor and costs ceil(its new chapters / 100) requests.
 *
 * <p>Both set the include* flags explicitly rather than rely on MangaDex's default filter, which is documented for
 * feeds but not for {@code /chapter}: were link-only chapters ever listed by default, a publishAt walk would meet
 * every one of them, years ahead, on every poll.
 */
enum StreamWalk {
    /** Chapters whose publishAt has passed ({@code includeFuturePublishAt=0}), ascending by publishAt. */
    PUBLISHED("publishAt", Chapter::publishAt),
    /**
     * Link chapters with a publishAt in the future ({@code includeFuturePublishAt=1&includeExternalUrl=1}),
     * ascending by createdAt: readable now when link-only, else held until their readableAt like any delayed one.
     */
    LINKS("createdAt", Chapter::createdAt);

    private final String field;
    private final Function<Chapter, Instant> time;

    StreamWalk(String field, Function<Chapter, Instant> time) {
        this.field = field;
        this.time = time;
    }

    /** The walk's time field of a chapter: what its cursor moves along. */
    Instant time(Chapter chapter) {
        return time.apply(chapter);
    }

    /** The name of that field in MangaDex's API (and in the saved cursor). */
    String field() {
        return field;
    }

    ChapterQuery query(WindowCursor position, SyncSettings settings) {
        Optional<Instant> since = position.since();
        boolean links = this == LINKS;
        return new ChapterQuery(links ? since : Optional.empty(), Optional.empty(), links ? Optional.empty() : since,
                settings.languages(), SortOrder.asc(field), position.offset(), settings.pageSize(), true,
                settings.contentRatings(), Optional.of(links), links ? Optional.of(true) : Optional.empty());
    }
}
