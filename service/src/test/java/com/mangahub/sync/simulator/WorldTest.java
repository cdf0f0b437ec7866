package com.mangahub.sync.simulator;

import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorldTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final World world = World.generate(7, 300, 9000, clock);

    private Collection<ChapterEntry> chapters() {
        return world.read(() -> List.copyOf(world.chapters().all()));
    }

    private Collection<MangaEntry> manga() {
        return world.read(() -> List.copyOf(world.allManga()));
    }

    @Test
    void theSameSeedAndTimeGiveTheSameWorld() {
        World again = World.generate(7, 300, 9000, clock);
        assertThat(again.mangaIds()).containsExactlyInAnyOrderElementsOf(world.mangaIds());
        UUID some = world.mangaIds().get(0);
        assertThat(again.chapterIds(some)).isEqualTo(world.chapterIds(some));
        assertThat(World.generate(8, 300, 9000, clock).mangaIds()).doesNotContainAnyElementsOf(world.mangaIds());
    }

    @Test
    void theWorldHasExactlyTheRequestedSize() {
        assertThat(world.mangaCount()).isEqualTo(300);
        assertThat(world.chapterCount()).isEqualTo(9000);
    }

    @Test
    void generatedSeriesLookLikeMangaDexs() {
        Set<String> titleLanguages = new HashSet<>();
        Set<String> tagGroups = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        Set<ContentRating> ratings = new HashSet<>();
        for (MangaEntry m : manga()) {
            m.fixedAttributes().get("title").fieldNames().forEachRemaining(titleLanguages::add);
            m.fixedAttributes().get("tags").forEach(t -> tagGroups.add(t.at("/attributes/group").asText()));
            statuses.add(m.status());
            ratings.add(m.rating());
            assertThat(m.relationships()).filteredOn(r -> r.type().equals("cover_art")).hasSize(1);
            assertThat(m.relationships()).extracting(Relation::type).contains("author", "artist");
        }
        assertThat(titleLanguages).contains("en", "ja-ro", "ko-ro");
        assertThat(tagGroups).containsExactlyInAnyOrder("genre", "theme", "format", "content");
        assertThat(statuses).containsExactlyInAnyOrder("ongoing", "completed", "hiatus", "cancelled");
        assertThat(ratings).containsExactlyInAnyOrder(ContentRating.values());
    }

    @Test
    void generatedChaptersHaveTheQuirksOfRealFeeds() {
        Collection<ChapterEntry> all = chapters();
        assertThat(all).anyMatch(c -> c.chapter() == null);
        assertThat(all).anyMatch(c -> c.chapter() != null && c.chapter().contains("."));
        assertThat(all).anyMatch(c -> c.publishAt().isAfter(clock.instant()));
        assertThat(all).anyMatch(c -> c.externalUrl() != null && c.pages() == 0);
        assertThat(all).anyMatch(c -> c.updatedAt().isAfter(c.createdAt()) && c.version() > 1);
        assertThat(all).anyMatch(c -> c.groups().size() > 1);
        assertThat(all.stream().map(ChapterEntry::language).collect(Collectors.toSet())).hasSizeGreaterThan(8);
        Map<String, Set<List<UUID>>> groupsByNumber = new HashMap<>();
        for (ChapterEntry c : all) {
            groupsByNumber.computeIfAbsent(c.mangaId() + c.language() + c.chapter(), k -> new HashSet<>()).add(c.groups());
        }
        assertThat(groupsByNumber.values()).as("several groups upload the same number").anyMatch(g -> g.size() > 1);
        assertThat(all).as("a late upload: a lower number created after a higher one").anyMatch(this::isLateUpload);
    }

    private boolean isLateUpload(ChapterEntry c) {
        if (c.chapter() == null) return false;
        return world.read(() -> world.chapters().ofManga(c.mangaId()).stream().anyMatch(o -> o.language().equals(c.language())
                && o.chapter() != null && o.numberKey() > c.numberKey() && o.createdAt().isBefore(c.createdAt())
                && world.chapters().ofManga(c.mangaId()).stream().noneMatch(p -> p != c && c.chapter().equals(p.chapter())
                        && p.language().equals(c.language()))));
    }

    @Test
    void latestUploadedChapterIsTheNewestUploadOfEachSeries() {
        for (MangaEntry m : manga()) {
            List<UUID> ids = world.chapterIds(m.id());
            if (ids.isEmpty()) {
                assertThat(m.latestUploadedChapter()).isNull();
                continue;
            }
            Instant newest = world.read(() -> world.chapters().ofManga(m.id()).stream().map(ChapterEntry::createdAt)
                    .max(Instant::compareTo).orElseThrow());
            assertThat(world.read(() -> world.chapters().get(m.latestUploadedChapter()).createdAt())).isEqualTo(newest);
        }
    }

    @Test
    void lastChapterIsSetOnlyOnEndedSeries() {
        for (MangaEntry m : manga()) {
            String last = m.fixedAttributes().path("lastChapter").asText("");
            if (m.status().equals("ongoing") || m.status().equals("hiatus")) assertThat(last).as(m.id().toString()).isEmpty();
        }
        assertThat(manga()).anyMatch(m -> m.status().equals("completed") && !m.fixedAttributes().path("lastChapter").asText("").isEmpty());
    }

    @Test
    void publishingAChapterMovesLatestUploadedChapterAndTheLanguages() {
        UUID series = world.publishManga();
        clock.advance(Duration.ofMinutes(1));
        UUID first = world.publishChapter(series, "en");
        clock.advance(Duration.ofMinutes(1));
        UUID second = world.publishChapter(series, "pt-br");
        MangaEntry m = world.read(() -> world.manga(series));
        assertThat(m.latestUploadedChapter()).isEqualTo(second);
        assertThat(m.languages()).containsExactly("en", "pt-br");
        assertThat(world.read(() -> world.chapters().get(first).chapter())).isEqualTo("1");

        assertThat(world.deleteChapter(second)).isTrue();
        m = world.read(() -> world.manga(series));
        assertThat(m.latestUploadedChapter()).isEqualTo(first);
        assertThat(m.languages()).containsExactly("en");
        assertThat(world.deleteChapter(second)).isFalse();
    }

    @Test
    void aSeriesPublishedOnRequestIsNewOngoingAndVisibleUnderTheDefaultRatings() {
        UUID series = world.publishManga();
        MangaEntry m = world.read(() -> world.manga(series));
        assertThat(m.createdAt()).isEqualTo(clock.instant());
        assertThat(m.status()).isEqualTo("ongoing");
        assertThat(m.rating()).isEqualTo(ContentRating.SAFE);
        assertThat(m.fixedAttributes().get("contentRating").asText()).isEqualTo("safe");
        assertThat(m.latestUploadedChapter()).isNull();
    }

    @Test
    void editingAChapterMovesItsUpdatedAtAndVersion() {
        UUID chapter = world.publishChapter(world.publishManga(), "en");
        clock.advance(Duration.ofHours(2));
        world.editChapter(chapter);
        ChapterEntry edited = world.read(() -> world.chapters().get(chapter));
        assertThat(edited.updatedAt()).isEqualTo(clock.instant());
        assertThat(edited.version()).isEqualTo(2);
        assertThat(world.read(() -> world.chapters().ordered(ChapterEntry.TimeField.UPDATED_AT, clock.instant(), false)
                .columns().entries()[world.chapterCount() - 1].id())).isEqualTo(chapter);
    }

    @Test
    void liveModePublishesAtItsRateAsTheWorldClockAdvances() {
        int mangaBefore = world.mangaCount();
        int chaptersBefore = world.chapterCount();
        world.publishContinuously(60, 2);
        world.advance(Duration.ofMinutes(5));
        assertThat(world.mangaCount()).isEqualTo(mangaBefore + 10);
        assertThat(world.chapterCount()).as("300 publications, a few of them edits or deletions")
                .isBetween(chaptersBefore + 240, chaptersBefore + 300);
    }

    @Test
    void theWorldClockOnlyMovesForward() {
        assertThatThrownBy(() -> world.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        Instant before = world.clock().instant();
        world.advance(Duration.ofHours(1));
        assertThat(world.clock().instant()).isEqualTo(before.plus(Duration.ofHours(1)));
    }

    @Test
    void publishingToAnUnknownSeriesIsAClearError() {
        assertThatThrownBy(() -> world.publishChapter(UUID.randomUUID(), "en"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no manga");
    }
}
