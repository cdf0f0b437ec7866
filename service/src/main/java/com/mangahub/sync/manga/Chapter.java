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
 * @param publishAt   may lie in the future: a delayed release, or, years ahead, MangaDex's mark of a link-only
 *                    chapter (an official publisher's), which is readable from its creation on
 * @param readableAt  when it became (or becomes) readable: the one instant every rule of "new", "pending",
 *                    "before tracking" and "released" is judged by; see {@link #readableSince}
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
        Instant readableAt,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    /** Readable at {@code now}: its readableAt has passed (whatever its publishAt says). */
    public boolean isReadableAt(Instant now) {
        return !readableAt.isAfter(now);
    }

    /**
     * MangaDex's {@code readableAt} when the answer has it. Without it (older captures, a field left out), what
     * MangaDex documents it to be: the creation time for a link-only chapter (an external URL, no pages, a
     * publishAt later than its creation), else the publishAt.
     */
    public static Instant readableSince(Optional<Instant> readableAt, Instant publishAt, Instant createdAt,
                                        Optional<String> externalUrl, int pages) {
        if (readableAt.isPresent()) return readableAt.get();
        boolean linkOnly = externalUrl.isPresent() && pages == 0 && publishAt.isAfter(createdAt);
        return linkOnly ? createdAt : publishAt;
    }
}
