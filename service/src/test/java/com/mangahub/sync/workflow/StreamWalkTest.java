package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.ChapterQuery;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two walks of a chapter poll and their saved cursors (issue 10). */
class StreamWalkTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private final SyncSettings settings = SyncSettings.from(Config.from(Map.of()));

    @Test
    void thePublishedWalkFiltersOnPublishAtAndAsksForNoFutureChapters() {
        ChapterQuery q = StreamWalk.PUBLISHED.query(WindowCursor.from(Optional.of(T)), settings);
        assertThat(q.publishAtSince()).contains(T);
        assertThat(q.createdAtSince()).isEmpty();
        assertThat(q.order().field()).isEqualTo("publishAt");
        assertThat(q.futurePublishAt()).contains(false);
        assertThat(q.externalUrl()).isEmpty();
    }

    @Test
    void theLinkWalkFiltersOnCreatedAtAndAsksOnlyForFutureLinkChapters() {
        ChapterQuery q = StreamWalk.LINKS.query(WindowCursor.from(Optional.of(T)), settings);
        assertThat(q.createdAtSince()).contains(T);
        assertThat(q.publishAtSince()).isEmpty();
        assertThat(q.order().field()).isEqualTo("createdAt");
        assertThat(q.futurePublishAt()).contains(true);
        assertThat(q.externalUrl()).contains(true);
    }

    @Test
    void aCursorRoundTripsAndOneSavedBeforeTheLinkWalkStartsBothWalks() {
        StreamCursor cursor = StreamCursor.decode(Optional.empty(), T).with(StreamWalk.LINKS, T.plusSeconds(5));
        StreamCursor back = StreamCursor.decode(Optional.of(cursor.encode()), Instant.EPOCH);
        assertThat(back).isEqualTo(cursor);
        assertThat(back.of(StreamWalk.PUBLISHED)).isEqualTo(T);
        StreamCursor legacy = StreamCursor.decode(Optional.of("2026-02-01T00:00:00Z"), T);
        assertThat(legacy.of(StreamWalk.PUBLISHED)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(legacy.of(StreamWalk.LINKS)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }
}
