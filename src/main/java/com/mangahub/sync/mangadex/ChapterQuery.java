package com.mangahub.sync.mangadex;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Filters for the whole-site {@code GET /chapter}. The chapter stream moves one of the time cursors forward,
 * ordered ascending by the same field. Content ratings come from configuration when empty.
 */
public record ChapterQuery(Optional<Instant> createdAtSince, Optional<Instant> updatedAtSince,
                           Optional<Instant> publishAtSince, List<String> languages, SortOrder order,
                           int offset, int limit, boolean includeFutureUpdates, List<String> contentRatings) {

    public static ChapterQuery updatedSince(Instant since, List<String> languages, int offset, int limit) {
        return new ChapterQuery(Optional.empty(), Optional.of(since), Optional.empty(), languages,
                SortOrder.asc("updatedAt"), offset, limit, false, List.of());
    }
}
