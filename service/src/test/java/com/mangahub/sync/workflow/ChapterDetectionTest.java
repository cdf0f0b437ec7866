package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Acceptance item 3: what counts as a new chapter for a reader, one case per test. */
@ExtendWith(PostgresExtension.class)
class ChapterDetectionTest {
    private SyncFixture f;
    private Manga series;

    @BeforeEach
    void trackASeriesWithTenChapters(Database db) {
        f = new SyncFixture(db);
        series = f.mangadex.addManga("Solo Leveling");
        for (int n = 1; n <= 10; n++) f.mangadex.publish(series, "en", String.valueOf(n));
        f.advance(Duration.ofMinutes(1));
        f.workflows.tracking.startTracking(series.id());
        f.workflows.pollChapters();
        f.advance(Duration.ofMinutes(1));
    }

    private ChapterStream.Report poll() {
        ChapterStream.Report report = f.workflows.pollChapters();
        f.advance(Duration.ofMinutes(1));
        return report;
    }

    @Test
    void theBackCatalogueOfANewlyTrackedSeriesNeverNotifies() {
        assertThat(f.outbox()).isEmpty();
        assertThat(f.count("select count(*) from reader_chapters")).isEqualTo(10);
        assertThat(f.rows("select latest_chapter from manga").getFirst()).containsEntry("latest_chapter", "10");
    }

    @Test
    void aNewNumberNotifiesOnceWithTheOldAndNewChapterNumbers() {
        Chapter ch = f.mangadex.publish(series, "en", "11");
        poll();
        poll();
        assertThat(f.outbox()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("type", "NEW_CHAPTER")
                    .containsEntry("dedup_key", "chapter:" + series.id() + ":en:11");
            assertThat(SyncFixture.payload(e)).containsEntry("chapter", "11").containsEntry("old_chapter", "10")
                    .containsEntry("language", "en").containsEntry("chapter_id", ch.id().toString())
                    .containsEntry("title", "Solo Leveling").containsEntry("manga_id", series.id().toString());
        });
        assertThat(f.rows("select latest_chapter from manga").getFirst()).containsEntry("latest_chapter", "11");
    }

    @Test
    void severalGroupsUploadingOneNumberNotifyOnceAndAreAllStored() {
        f.mangadex.publish(series, "en", "11");
        f.mangadex.publish(series, "en", "11");
        poll();
        f.mangadex.publish(series, "en", "11");
        poll();
        assertThat(f.outbox()).hasSize(1);
        assertThat(f.count("select count(*) from chapters where chapter = '11'")).isEqualTo(3);
    }

    @Test
    void decimalAndUnnumberedChaptersEachNotifyOnce() {
        f.mangadex.publish(series, "en", "10.5");
        f.mangadex.publish(series, "en", null);
        f.mangadex.publish(series, "en", null);
        poll();
        assertThat(f.outbox()).extracting(e -> e.get("dedup_key")).containsExactlyInAnyOrder(
                "chapter:" + series.id() + ":en:10.5", "chapter:" + series.id() + ":en:");
        assertThat(f.rows("select latest_chapter from manga").getFirst()).containsEntry("latest_chapter", "10.5");
    }

    @Test
    void aLateUploadOfALowerNumberStillNotifiesAndLeavesTheLatestAlone() {
        Manga gappy = f.mangadex.addManga("Gappy");
        for (String n : new String[] {"1", "2", "4", "5"}) f.mangadex.publish(gappy, "en", n);
        f.advance(Duration.ofMinutes(1));
        f.workflows.tracking.startTracking(gappy.id());
        f.advance(Duration.ofMinutes(1));
        f.mangadex.publish(gappy, "en", "3");
        poll();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "3").containsEntry("old_chapter", "5"));
        assertThat(f.rows("select latest_chapter from manga where mangadex_id = ?", gappy.id()).getFirst())
                .containsEntry("latest_chapter", "5");
    }

    @Test
    void aDelayedChapterNotifiesWhenItBecomesReadableNotBefore() {
        f.mangadex.publish(series, "en", "11", f.mangadex.now().plus(Duration.ofHours(2)), Optional.empty());
        poll();
        assertThat(f.outbox()).isEmpty();
        f.advance(Duration.ofHours(2));
        poll();
        poll();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "11"));
    }

    @Test
    void aDelayedChapterPendingAtFollowTimeNotifiesWhenReadable() {
        Manga m = f.mangadex.addManga("Scheduled");
        f.mangadex.publish(m, "en", "1");
        f.mangadex.publish(m, "en", "2", f.mangadex.now().plus(Duration.ofHours(1)), Optional.empty());
        f.advance(Duration.ofSeconds(1)); // tracking starts a second later: chapter 1 is back catalogue
        f.workflows.tracking.startTracking(m.id());
        poll();
        assertThat(f.outbox()).isEmpty();
        f.advance(Duration.ofHours(1));
        poll();
        poll();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "2").containsEntry("old_chapter", "1"));
    }

    @Test
    void aChapterMangaDexCallsReadableButAheadOfOurClockIsHeldUntilOurClockAgrees() {
        f.mangadex.skew(Duration.ofSeconds(30));
        f.mangadex.publish(series, "en", "11", f.mangadex.now().minusSeconds(10), Optional.empty()); // ours + 20 s
        f.workflows.pollChapters();
        assertThat(f.outbox()).isEmpty();
        assertThat(f.count("select count(*) from chapters where release_pending")).isEqualTo(1);
        f.advance(Duration.ofSeconds(20));
        f.workflows.pollChapters();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "11"));
        assertThat(f.count("select count(*) from chapters where release_pending")).isZero();
    }

    @Test
    void anExternalUrlChapterIsAReleaseAndNotifiesOnce() {
        f.mangadex.publish(series, "en", "11", f.mangadex.now(), Optional.of("https://mangaplus.example/11"));
        poll();
        poll();
        assertThat(f.outbox()).hasSize(1);
        assertThat(f.rows("select external_url, pages from chapters").getFirst())
                .containsEntry("external_url", "https://mangaplus.example/11").containsEntry("pages", 0);
    }

    @Test
    void aLinkOnlyChapterIsReadableAtOnceAndTheFirstPollAnnouncesItWithItsLink() {
        Chapter ch = f.mangadex.publishLinkOnly(series, "en", "11", "https://mangaplus.example/viewer/11");
        ChapterStream.Report first = poll();
        poll();
        assertThat(first.count(ChapterIntake.Outcome.ANNOUNCED)).isEqualTo(1);
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "11").containsEntry("chapter_id", ch.id().toString())
                .containsEntry("external_url", "https://mangaplus.example/viewer/11"));
        assertThat(f.count("select count(*) from chapters where release_pending")).isZero();
    }

    @Test
    void aLinkOnlyChapterTheStreamMissedIsAnnouncedByTheSweepAndByAManualSyncOnlyOnce() {
        Manga other = f.mangadex.addManga("Official Translation");
        f.mangadex.publish(other, "en", "1");
        f.advance(Duration.ofSeconds(1));
        f.workflows.tracking.startTracking(other.id());
        f.advance(Duration.ofMinutes(1));
        f.mangadex.publishLinkOnly(series, "en", "11", "https://mangaplus.example/viewer/11");
        f.mangadex.publishLinkOnly(other, "en", "2", "https://mangaplus.example/viewer/2");
        ReconcileSweep.Report sweep = f.workflows.reconcile();
        assertThat(sweep.announced()).isEqualTo(2);
        assertThat(f.workflows.syncSeries(other.id()).newChapters()).isEmpty();
        poll();
        assertThat(f.outbox()).extracting(e -> SyncFixture.payload(e).get("chapter")).containsExactlyInAnyOrder("11", "2");
    }

    @Test
    void aManualSyncFindsALinkOnlyChapter() {
        f.mangadex.publishLinkOnly(series, "en", "11", "https://mangaplus.example/viewer/11");
        assertThat(f.workflows.syncSeries(series.id()).newChapters()).containsExactly("11");
        poll();
        assertThat(f.outbox()).hasSize(1);
    }

    @Test
    void aLinkOnlyChapterReadableBeforeTheFollowIsBackCatalogueAndItsNumberIsKnown() {
        Manga m = f.mangadex.addManga("Published Officially");
        f.mangadex.publish(m, "en", "1");
        f.mangadex.publishLinkOnly(m, "en", "2", "https://mangaplus.example/viewer/2");
        f.advance(Duration.ofMinutes(1));
        Tracking.Baseline baseline = f.workflows.tracking.startTracking(m.id());
        assertThat(baseline.knownNumbers()).isEqualTo(2);
        assertThat(baseline.pending()).isZero();
        poll();
        f.workflows.reconcile();
        f.workflows.syncSeries(m.id());
        f.mangadex.publish(m, "en", "2"); // a scanlation of the officially published number
        poll();
        assertThat(f.outbox()).isEmpty();
        assertThat(f.count("select count(*) from chapters where release_pending")).isZero();
    }

    @Test
    void aLinkOnlyChapterSeenInTheOverlapWindowRightAfterTheFollowIsBackCatalogueToo() {
        Manga m = f.mangadex.addManga("Simulpub");
        f.mangadex.publishLinkOnly(m, "en", "1", "https://mangaplus.example/viewer/1");
        f.advance(Duration.ofSeconds(30)); // well inside the stream's overlap window
        f.workflows.tracking.startTracking(m.id());
        ChapterStream.Report report = poll();
        assertThat(report.count(ChapterIntake.Outcome.PENDING)).isZero();
        assertThat(f.count("select count(*) from chapters c join manga m on m.id = c.manga_id where m.mangadex_id = ?",
                m.id())).as("back catalogue is known, not stored").isZero();
        assertThat(f.outbox()).isEmpty();
    }

    @Test
    void aDelayedLinkChapterIsHeldUntilItsReadableAtLikeAnyDelayedRelease() {
        f.mangadex.publish(series, "en", "11", f.mangadex.now().plus(Duration.ofHours(1)),
                Optional.of("https://publisher.example/11"));
        ChapterStream.Report first = poll();
        assertThat(first.count(ChapterIntake.Outcome.PENDING)).isEqualTo(1);
        assertThat(f.outbox()).isEmpty();
        f.advance(Duration.ofHours(1));
        poll();
        poll();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "11").containsEntry("external_url", "https://publisher.example/11"));
    }

    @Test
    void aPollCostsOneRequestPerWalkWhenLittleIsNew() {
        f.mangadex.publish(series, "en", "11");
        f.mangadex.publishLinkOnly(series, "en", "12", "https://mangaplus.example/viewer/12");
        assertThat(poll().requests()).isEqualTo(2);
    }

    @Test
    void anEditUpdatesTheChapterButNeverNotifiesAgain() {
        Chapter ch = f.mangadex.publish(series, "en", "11");
        poll();
        f.mangadex.edit(ch, "The Real Title");
        ChapterStream.Report report = poll();
        assertThat(report.count(ChapterIntake.Outcome.EDITED)).isEqualTo(1);
        assertThat(f.outbox()).hasSize(1);
        assertThat(f.rows("select title from chapters").getFirst()).containsEntry("title", "The Real Title");
    }

    @Test
    void aReUploadOfAKnownNumberDoesNotNotify() {
        f.mangadex.publish(series, "en", "7");
        Chapter ch = f.mangadex.publish(series, "en", "11");
        poll();
        f.mangadex.delete(ch);
        f.mangadex.publish(series, "en", "11");
        poll();
        assertThat(f.outbox()).hasSize(1);
    }

    @Test
    void aDeletedChapterIsMarkedBySweepAndItsNumberStaysKnown() {
        Chapter ch = f.mangadex.publish(series, "en", "11");
        poll();
        f.mangadex.delete(ch);
        ReconcileSweep.Report sweep = f.workflows.reconcile();
        assertThat(sweep.refreshed()).isEqualTo(1);
        assertThat(f.count("select count(*) from chapters where deleted_at is not null")).isEqualTo(1);
        f.mangadex.publish(series, "en", "11");
        poll();
        assertThat(f.outbox()).hasSize(1);
    }

    @Test
    void otherLanguagesAndUntrackedSeriesAreIgnored() {
        f.mangadex.publish(series, "fr", "11");
        Manga untracked = f.mangadex.addManga("Nobody Follows This");
        f.mangadex.publish(untracked, "en", "1");
        poll();
        assertThat(f.outbox()).isEmpty();
        assertThat(f.count("select count(*) from chapters")).isZero();
    }

    @Test
    void aPollRepeatedOverTheOverlapWindowWritesNothingTwice() {
        f.mangadex.publish(series, "en", "11");
        f.workflows.pollChapters();
        ChapterStream.Report again = f.workflows.pollChapters();
        assertThat(again.count(ChapterIntake.Outcome.UNCHANGED)).isEqualTo(1);
        assertThat(f.outbox()).hasSize(1);
        assertThat(f.count("select count(*) from chapters")).isEqualTo(1);
    }
}
