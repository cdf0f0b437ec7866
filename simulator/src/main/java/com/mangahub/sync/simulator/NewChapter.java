package com.mangahub.sync.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A chapter to publish now through {@link World#publish(NewChapter)}. A null {@code chapter} means "the next
 * number in that language"; set one explicitly for a late upload of a lower number, a decimal, or a repeat.
 *
 * @param publishDelay how far after now publishAt lies (zero: readable at once; positive: a delayed release)
 * @param oneshot      publish with a null chapter number (an extra or a oneshot)
 * @param linkOnly     a link-only chapter: an external URL, no pages, publishAt years ahead, readable now
 * @param title        the chapter's title as sent, verbatim (null: a generated one), e.g. poisoned text that a
 *                     client must survive: NUL characters, lone UTF-16 surrogates
 * @param groups       the scanlation groups credited (null: drawn from the world's groups of that language)
 * @param uploader     the uploading user (null: drawn from the world's users)
 */
public record NewChapter(UUID mangaId, String language, String chapter, String volume, Duration publishDelay,
                         String externalUrl, boolean oneshot, boolean linkOnly, String title, List<UUID> groups,
                         UUID uploader) {
    public NewChapter {
        Objects.requireNonNull(mangaId, "mangaId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(publishDelay, "publishDelay");
    }

    public static NewChapter of(UUID mangaId, String language) {
        return new NewChapter(mangaId, language, null, null, Duration.ZERO, null, false, false, null, null, null);
    }

    public NewChapter withChapter(String number) {
        return new NewChapter(mangaId, language, number, volume, publishDelay, externalUrl, false, linkOnly, title, groups, uploader);
    }

    public NewChapter withVolume(String newVolume) {
        return new NewChapter(mangaId, language, chapter, newVolume, publishDelay, externalUrl, oneshot, linkOnly, title, groups, uploader);
    }

    public NewChapter withPublishDelay(Duration delay) {
        return new NewChapter(mangaId, language, chapter, volume, delay, externalUrl, oneshot, linkOnly, title, groups, uploader);
    }

    public NewChapter withExternalUrl(String url) {
        return new NewChapter(mangaId, language, chapter, volume, publishDelay, url, oneshot, linkOnly, title, groups, uploader);
    }

    /** A link-only chapter to {@code url}, MangaDex's way of listing an official publisher's chapter. */
    public NewChapter asLinkOnly(String url) {
        Objects.requireNonNull(url, "url");
        return new NewChapter(mangaId, language, chapter, volume, Duration.ZERO, url, oneshot, true, title, groups, uploader);
    }

    public NewChapter withTitle(String newTitle) {
        return new NewChapter(mangaId, language, chapter, volume, publishDelay, externalUrl, oneshot, linkOnly, newTitle, groups, uploader);
    }

    /** Credited to these groups (ids the world need not know: MangaDex names them in the relationship). */
    public NewChapter byGroups(List<UUID> credited) {
        return new NewChapter(mangaId, language, chapter, volume, publishDelay, externalUrl, oneshot, linkOnly, title, List.copyOf(credited), uploader);
    }

    public NewChapter byUploader(UUID user) {
        return new NewChapter(mangaId, language, chapter, volume, publishDelay, externalUrl, oneshot, linkOnly, title, groups, Objects.requireNonNull(user, "user"));
    }

    public NewChapter asOneshot() {
        return new NewChapter(mangaId, language, null, volume, publishDelay, externalUrl, true, linkOnly, title, groups, uploader);
    }
}
