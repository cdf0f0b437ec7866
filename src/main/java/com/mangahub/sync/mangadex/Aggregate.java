package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.ChapterNumber;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /manga/{id}/aggregate}: which chapter numbers exist per volume, in the requested languages. Chapters
 * without a volume sit under {@link #NO_VOLUME}, as MangaDex sends them. Volumes and chapters are in MangaDex's order.
 */
public record Aggregate(Map<String, List<ChapterNumber>> chaptersByVolume) {
    public static final String NO_VOLUME = "none";

    public Aggregate {
        chaptersByVolume = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(chaptersByVolume));
    }

    public int chapterCount() {
        return chaptersByVolume.values().stream().mapToInt(List::size).sum();
    }
}
