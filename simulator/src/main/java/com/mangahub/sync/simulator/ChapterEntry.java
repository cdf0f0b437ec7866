package com.mangahub.sync.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One uploaded chapter. {@code rating} is the series' content rating, copied here so the whole-site list can
 * filter 200,000 chapters without a lookup per chapter.
 */
record ChapterEntry(UUID id, UUID mangaId, ContentRating rating, String volume, String chapter, String title,
                    String language, String externalUrl, int pages, Instant publishAt, Instant readableAt,
                    Instant createdAt, Instant updatedAt, int version, List<UUID> groups, UUID uploader) {

    /**
     * How far ahead MangaDex sets the publishAt of a link-only chapter: "always just a link", never hosted. Its
     * readableAt is its createdAt (MangaDex documents readableAt = createdAt for such chapters, else publishAt).
     */
    static final Duration LINK_ONLY_AHEAD = Duration.ofDays(365L * 15);

    ChapterEntry edited(Instant at, String newTitle, int newPages) {
        return new ChapterEntry(id, mangaId, rating, volume, chapter, newTitle, language, externalUrl, newPages,
                publishAt, readableAt, createdAt, at, version + 1, groups, uploader);
    }

    Instant time(TimeField field) {
        return switch (field) {
            case CREATED_AT -> createdAt;
            case UPDATED_AT -> updatedAt;
            case PUBLISH_AT -> publishAt;
            case READABLE_AT -> readableAt;
        };
    }

    /** Numeric sort key of the chapter number; null numbers (oneshots) sort first. */
    double numberKey() {
        return numberKey(chapter);
    }

    double volumeKey() {
        return numberKey(volume);
    }

    private static double numberKey(String text) {
        if (text == null || text.isEmpty()) return -1;
        try {
            return Double.parseDouble(text.replaceAll("[^0-9.]", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    enum TimeField { CREATED_AT, UPDATED_AT, PUBLISH_AT, READABLE_AT }
}
