package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.Chapter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Walks every page of one series' feed, 500 chapters a page, ordered by createdAt. Offset paging stops at MangaDex's
 * 10,000-result window, so past it the walk continues by keyset: {@code createdAtSince} = the last createdAt seen,
 * offset 0, dropping the repeats at the edge by chapter id.
 */
final class FeedWalk {
    record Position(int offset, Optional<Instant> createdAtSince) {}

    interface PageSource {
        Page<Chapter> page(UUID mangaId, Position position, FeedQuery query);
    }

    private final UUID mangaId;
    private final FeedQuery query;
    private final PageSource source;

    FeedWalk(UUID mangaId, FeedQuery query, PageSource source) {
        this.mangaId = mangaId;
        this.query = query;
        this.source = source;
    }

    List<Chapter> all() {
        Map<UUID, Chapter> chapters = new LinkedHashMap<>();
        Position position = new Position(0, Optional.empty());
        while (true) {
            Page<Chapter> page = source.page(mangaId, position, query);
            int before = chapters.size();
            page.items().forEach(c -> chapters.putIfAbsent(c.id(), c));
            // No new chapter (a whole page sharing one createdAt second at the keyset edge) means no progress.
            if (!page.hasMore() || chapters.size() == before) return List.copyOf(chapters.values());
            position = next(position, page);
        }
    }

    private static Position next(Position position, Page<Chapter> page) {
        int offset = position.offset() + page.items().size();
        if (offset + MangaDexClient.FEED_PAGE_SIZE <= MangaDexClient.RESULT_WINDOW) {
            return new Position(offset, position.createdAtSince());
        }
        Instant last = page.items().getLast().createdAt();
        return new Position(0, Optional.of(last));
    }
}
