package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.ChapterNumber;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /manga/{id}/aggregate}: which chapter numbers exist per volume, in the requested languages. Chapters
 * without a volume sit under {@link #NO_VOLUME}, as MangaDex sends them. Volumes and chapters are in MangaDex's order.
 */
public record Aggregate(Map<String, List<ChapterNumber>> chaptersByVolume) {
    public static final String NO_VOLUME = "none";

    public Aggregate {
        Map<String, List<ChapterNumber>> copy = new LinkedHashMap<>();
        chaptersByVolume.forEach((volume, chapters) -> copy.put(volume, List.copyOf(chapters)));
        chaptersByVolume = Collections.unmodifiableMap(copy);
    }

    public int chapterCount() {
        return chaptersByVolume.values().stream().mapToInt(List::size).sum();
    }
}
