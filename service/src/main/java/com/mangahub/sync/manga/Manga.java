package com.mangahub.sync.manga;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A series as MangaDex describes it, already cleaned of the API's quirks. {@code finalChapter} is MangaDex's
 * {@code lastChapter}: the last chapter of an ENDED series, never "the latest chapter".
 *
 * @param title            display title chosen by {@link Titles#preferred}
 * @param titles           the raw language map of the main title
 * @param altTitles        alternative titles, one language map each
 * @param coverFileName    file name of the primary cover, when the cover_art relationship was expanded
 * @param latestUploadedChapter the change signal the reconciliation sweep compares
 */
public record Manga(
        UUID id,
        String title,
        Map<String, String> titles,
        List<Map<String, String>> altTitles,
        Optional<String> description,
        List<String> authors,
        List<String> artists,
        Optional<String> status,
        Optional<String> demographic,
        Optional<Integer> year,
        Optional<String> contentRating,
        Optional<String> originalLanguage,
        Optional<String> coverFileName,
        List<Tag> tags,
        Optional<UUID> latestUploadedChapter,
        Optional<String> finalChapter,
        List<String> availableLanguages,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public static final String COVER_BASE = "https://uploads.mangadex.org/covers/";

    public Optional<String> coverUrl() {
        return coverFileName.map(f -> COVER_BASE + id + "/" + f);
    }

    public String slug() {
        return Slug.of(title);
    }
}
