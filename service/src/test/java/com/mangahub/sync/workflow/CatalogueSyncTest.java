package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The initial import and the new-manga poll. */
@ExtendWith(PostgresExtension.class)
class CatalogueSyncTest {
    private SyncFixture f;

    @BeforeEach
    void setUp(Database db) {
        f = new SyncFixture(db);
    }

    private void world(int series) {
        for (int i = 0; i < series; i++) {
            f.mangadex.addManga("Series " + i);
            if (i % 7 == 0) f.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void anImportStoresTheOldestSeriesWithFullMetadataOneHundredPerRequest() {
        world(250);
        List<Integer> progress = new ArrayList<>();
        ImportReport report = f.workflows.importCatalogue(200, false, (done, target) -> progress.add(done));
        assertThat(report.imported()).isEqualTo(200);
        assertThat(report.requests()).isEqualTo(2);
        assertThat(progress).containsExactly(100, 200);
        assertThat(f.count("select count(*) from manga")).isEqualTo(200);
        assertThat(f.count("select count(*) from manga_tags")).isEqualTo(400);
        assertThat(f.count("select count(*) from genres")).isEqualTo(1);
        assertThat(f.rows("select slug, cover_url, authors[1] as author from manga where title = 'Series 0'").getFirst())
                .containsEntry("slug", "series-0").containsEntry("author", "Author of Series 0")
                .hasEntrySatisfying("cover_url", url -> assertThat((String) url)
                        .startsWith("https://uploads.mangadex.org/covers/").endsWith("/cover.jpg"));
        assertThat(f.count("select count(*) from chapters")).isZero();
        assertThat(f.outbox()).isEmpty();
    }

    @Test
    void aCompletedImportIsSkippedUnlessForced() {
        world(120);
        f.workflows.importCatalogue(100, false, ImportProgress.NONE);
        ImportReport again = f.workflows.importCatalogue(100, false, ImportProgress.NONE);
        assertThat(again.skipped()).isTrue();
        assertThat(again.requests()).isZero();
        ImportReport forced = f.workflows.importCatalogue(100, true, ImportProgress.NONE);
        assertThat(forced.skipped()).isFalse();
        assertThat(forced.requests()).isEqualTo(1);
        assertThat(f.count("select count(*) from manga")).isEqualTo(100);
    }

    @Test
    void anImportThatFailedHalfwayResumesFromItsCursor() {
        world(300);
        f.mangadex.failListingAfter(2);
        assertThatThrownBy(() -> f.workflows.importCatalogue(300, false, ImportProgress.NONE))
                .isInstanceOf(MangaDexException.Unavailable.class);
        assertThat(f.rows("select status from sync_state where workflow = 'initial_sync'").getFirst())
                .containsEntry("status", "error");
        f.mangadex.failListingAfter(Integer.MAX_VALUE);
        ImportReport resumed = f.workflows.importCatalogue(300, false, ImportProgress.NONE);
        assertThat(resumed.requests()).isEqualTo(1);
        assertThat(resumed.imported()).isEqualTo(300);
        assertThat(f.count("select count(*) from manga")).isEqualTo(300);
    }

    @Test
    void anImportWalksPastMangaDexsTenThousandResultWindowWithoutGapsOrRepeats() {
        world(10_250);
        ImportReport report = f.workflows.importCatalogue(10_200, false, ImportProgress.NONE);
        assertThat(report.imported()).isEqualTo(10_200);
        assertThat(report.requests()).isBetween(103, 104);
        List<Object> oldest = f.mangadex.listManga(com.mangahub.sync.mangadex.MangaQuery.createdSince(
                java.util.Optional.empty(), 0, 100)).items().stream().map(m -> (Object) m.id()).toList();
        assertThat(f.count("select count(*) from manga")).isEqualTo(10_200);
        assertThat(f.count("select count(*) from manga where mangadex_id = any(?)", (Object) oldest.toArray(new java.util.UUID[0])))
                .isEqualTo(100);
        assertThat(f.count("select count(distinct slug) from manga")).isEqualTo(10_200);
    }

    @Test
    void seriesWithTheSameTitleGetNumberedSlugs() {
        f.mangadex.addManga("Re:Zero!");
        f.mangadex.addManga("Re Zero");
        f.mangadex.addManga("re-zero");
        f.workflows.importCatalogue(10, false, ImportProgress.NONE);
        assertThat(f.rows("select slug from manga order by id")).extracting(r -> r.get("slug"))
                .containsExactly("re-zero", "re-zero-2", "re-zero-3");
    }

    @Test
    void theNewMangaPollStoresSeriesCreatedSinceItsCursorWithOneEventEach() {
        world(5);
        f.workflows.importCatalogue(5, false, ImportProgress.NONE);
        f.advance(Duration.ofMinutes(10));
        NewMangaPoll.Report first = f.workflows.pollNewManga();
        assertThat(first.added()).isZero();
        f.advance(Duration.ofMinutes(1));
        Manga fresh = f.mangadex.addManga("Brand New");
        f.advance(Duration.ofMinutes(1));
        NewMangaPoll.Report second = f.workflows.pollNewManga();
        f.advance(Duration.ofMinutes(1));
        NewMangaPoll.Report third = f.workflows.pollNewManga();
        assertThat(second.added()).isEqualTo(1);
        assertThat(third.added()).isZero();
        assertThat(third.known()).isEqualTo(1);
        assertThat(f.outbox()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("type", "NEW_MANGA").containsEntry("dedup_key", "manga:" + fresh.id());
            assertThat(SyncFixture.payload(e)).containsEntry("title", "Brand New");
        });
        assertThat(f.count("select count(*) from manga")).isEqualTo(6);
    }
}
