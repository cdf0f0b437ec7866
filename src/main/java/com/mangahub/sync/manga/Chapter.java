package com.mangahub.sync.manga;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One chapter upload. Its identity is its UUID; "the same chapter for a reader" is (manga, language, number),
 * which several groups and re-uploads share.
 *
 * @param externalUrl set when the chapter only links to another site (often with 0 pages)
 * @param publishAt   may lie in the future (delayed release)
 * @param readableAt  when it became readable
 */
public record Chapter(
        UUID id,
        UUID mangaId,
        String language,
        ChapterNumber number,
        Optional<String> volume,
        Optional<String> title,
        int pages,
        Optional<String> externalUrl,
        List<ScanlationGroup> groups,
        Optional<UUID> uploader,
        Instant publishAt,
        Optional<Instant> readableAt,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    /** Readable at {@code now}: its publishAt has passed. */
    public boolean readableAt(Instant now) {
        return !publishAt.isAfter(now);
    }
}
