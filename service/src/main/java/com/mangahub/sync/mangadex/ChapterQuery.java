package com.mangahub.sync.mangadex;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Filters for the whole-site {@code GET /chapter}. The chapter stream moves one of the time cursors forward,
 * ordered ascending by the same field. Content ratings come from configuration when empty.
 *
 * @param futurePublishAt {@code includeFuturePublishAt}: empty leaves it out; MangaDex reads 1 as "only chapters
 *                        whose publishAt is in the future" and 0 as "none of those", and setting any include* flag
 *                        drops its default filter
 * @param externalUrl     {@code includeExternalUrl}, read the same way: 1 only link chapters, 0 none of them
 */
public record ChapterQuery(Optional<Instant> createdAtSince, Optional<Instant> updatedAtSince,
                           Optional<Instant> publishAtSince, List<String> languages, SortOrder order,
                           int offset, int limit, boolean includeFutureUpdates, List<String> contentRatings,
                           Optional<Boolean> futurePublishAt, Optional<Boolean> externalUrl) {

    public static ChapterQuery updatedSince(Instant since, List<String> languages, int offset, int limit) {
        return new ChapterQuery(Optional.empty(), Optional.of(since), Optional.empty(), languages,
                SortOrder.asc("updatedAt"), offset, limit, false, List.of(), Optional.empty(), Optional.empty());
    }
}
