package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read-side shapes of the catalogue API; nullable fields are absent values in JSON. */
public final class CatalogueView {
    private CatalogueView() {}

    public record MangaSummary(long id, UUID mangadexId, String slug, String title, String status, String coverUrl,
                               String latestChapter, String contentRating, boolean tracked) {}

    public record MangaDetail(long id, UUID mangadexId, String slug, String title, List<String> authors,
                              List<String> artists, String status, String demographic, Integer year,
                              String contentRating, String description, String coverUrl, String latestChapter,
                              String finalChapter, List<TagView> tags, Instant trackedSince, Instant lastSyncedAt,
                              Instant lastChapterCheck) {}

    public record TagView(UUID id, String name, String group) {}

    public record ChapterView(UUID chapterId, String language, String chapter, String volume, String title, int pages,
                              String externalUrl, Instant publishedAt, boolean pending, boolean deleted) {}

    public record PageOf<T>(List<T> items, int page, int size, long total) {}
}
