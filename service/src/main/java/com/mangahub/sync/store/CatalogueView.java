package com.mangahub.sync.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read-side shapes of the catalogue API, in the API's snake_case; nullable fields are absent values in JSON. */
public final class CatalogueView {
    private CatalogueView() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MangaSummary(long id, UUID mangadexId, String slug, String title, String status, String coverUrl,
                               String latestChapter, String contentRating, boolean tracked) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MangaDetail(long id, UUID mangadexId, String slug, String title, List<String> authors,
                              List<String> artists, String status, String demographic, Integer year,
                              String contentRating, String description, String coverUrl, String latestChapter,
                              String finalChapter, List<TagView> tags, Instant trackedSince, Instant lastSyncedAt,
                              Instant lastChapterCheck) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TagView(UUID id, String name, String group) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChapterView(UUID chapterId, String language, String chapter, String volume, String title, int pages,
                              String externalUrl, Instant publishedAt, boolean pending, boolean deleted) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PageOf<T>(List<T> items, int page, int size, long total) {}
}
