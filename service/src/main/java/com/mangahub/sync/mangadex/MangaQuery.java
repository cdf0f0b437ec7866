package com.mangahub.sync.mangadex;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Filters for {@code GET /manga}. Content ratings are filled in by the client from configuration when empty.
 * Keyset paging past the 10,000 window: order by createdAt ascending and move {@code createdAtSince}.
 */
public record MangaQuery(Optional<Instant> createdAtSince, Optional<Instant> updatedAtSince, SortOrder order,
                         int offset, int limit, List<String> contentRatings) {

    public static MangaQuery createdSince(Optional<Instant> since, int offset, int limit) {
        return new MangaQuery(since, Optional.empty(), SortOrder.asc("createdAt"), offset, limit, List.of());
    }
}
