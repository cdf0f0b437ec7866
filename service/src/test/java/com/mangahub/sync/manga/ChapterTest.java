package com.mangahub.sync.manga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Readable since": MangaDex's readableAt, and the documented rule when an answer lacks it. */
class ChapterTest {
    private static final Instant CREATED = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant FAR = CREATED.plus(Duration.ofDays(365 * 15));
    private static final Optional<String> LINK = Optional.of("https://mangaplus.shueisha.co.jp/viewer/1");

    @Test
    void mangaDexsOwnReadableAtWinsWhenPresent() {
        Instant given = CREATED.plusSeconds(7);
        assertThat(Chapter.readableSince(Optional.of(given), FAR, CREATED, LINK, 0)).isEqualTo(given);
    }

    @Test
    void withoutItALinkOnlyChapterIsReadableFromItsCreation() {
        assertThat(Chapter.readableSince(Optional.empty(), FAR, CREATED, LINK, 0)).isEqualTo(CREATED);
    }

    @Test
    void withoutItEveryOtherChapterIsReadableAtItsPublishAt() {
        Instant delayed = CREATED.plus(Duration.ofHours(3));
        assertThat(Chapter.readableSince(Optional.empty(), delayed, CREATED, Optional.empty(), 20)).isEqualTo(delayed);
        assertThat(Chapter.readableSince(Optional.empty(), delayed, CREATED, LINK, 12)).as("a link with pages")
                .isEqualTo(delayed);
        assertThat(Chapter.readableSince(Optional.empty(), CREATED, CREATED, LINK, 0)).isEqualTo(CREATED);
    }
}
