package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Baselines, the 10,000 window, content ratings, the sweep and manual syncs. */
@ExtendWith(PostgresExtension.class)
class TrackingAndSweepTest {
    private SyncFixture f;

    @BeforeEach
    void setUp(Database db) {
        f = new SyncFixture(db);
    }

    @Test
    void followingASeriesWith200ChaptersNotifiesNoneOfThemButTheNextOne() {
        Manga m = f.mangadex.addManga("Long Runner");
        for (int n = 1; n <= 200; n++) f.mangadex.publish(m, "en", String.valueOf(n));
        f.advance(Duration.ofMinutes(1));
        Tracking.Baseline baseline = f.workflows.tracking.startTracking(m.id());
        f.workflows.pollChapters();
        assertThat(baseline.knownNumbers()).isEqualTo(200);
        assertThat(f.outbox()).isEmpty();
        assertThat(f.count("select count(*) from chapters")).isZero();
        f.advance(Duration.ofMinutes(1));
        f.mangadex.publish(m, "en", "201");
        f.workflows.pollChapters();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "201").containsEntry("old_chapter", "200"));
    }

    @Test
    void startingToTrackTwiceTakesOneBaseline() {
        Manga m = f.mangadex.addManga("Twice");
        f.mangadex.publish(m, "en", "1");
        assertThat(f.workflows.tracking.startTracking(m.id()).started()).isTrue();
        int feeds = f.mangadex.requests("GET /manga/{id}/feed");
        assertThat(f.workflows.tracking.startTracking(m.id()).started()).isFalse();
        assertThat(f.mangadex.requests("GET /manga/{id}/feed")).isEqualTo(feeds);
        assertThat(f.count("select count(*) from manga where tracked_since is not null")).isEqualTo(1);
    }

    @Test
    void aPornographicSeriesIsBaselinedAndTrackedBecauseItsRatingIsSentExplicitly() {
        Manga m = f.mangadex.addManga("Adults Only", "pornographic");
        for (int n = 1; n <= 5; n++) f.mangadex.publish(m, "en", String.valueOf(n));
        f.advance(Duration.ofMinutes(1));
        assertThat(f.workflows.tracking.startTracking(m.id()).knownNumbers()).isEqualTo(5);
        f.workflows.pollChapters();
        f.advance(Duration.ofMinutes(1));
        f.mangadex.publish(m, "en", "6");
        f.workflows.pollChapters();
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "6"));
    }

    @Test
    void theStreamWalksPastMangaDexsTenThousandResultWindow() {
        Manga tracked = f.mangadex.addManga("Tracked");
        f.workflows.tracking.startTracking(tracked.id());
        f.workflows.pollChapters();
        f.advance(Duration.ofMinutes(1));
        Manga busy = f.mangadex.addManga("Busy Untracked");
        for (int i = 0; i < 10_050; i++) {
            f.mangadex.publish(busy, "en", String.valueOf(i));
            if (i % 100 == 0) f.advance(Duration.ofSeconds(1));
        }
        f.mangadex.publish(tracked, "en", "1");
        ChapterStream.Report report = f.workflows.pollChapters();
        assertThat(report.requests()).isBetween(101, 104);
        // the series' first chapter in English: a NEW_CHAPTER and, beside it, a FIRST_CHAPTER (issue 28)
        assertThat(f.outbox()).extracting(e -> e.get("type")).containsExactlyInAnyOrder("NEW_CHAPTER", "FIRST_CHAPTER");
        assertThat(f.outbox()).allSatisfy(e -> assertThat(SyncFixture.payload(e)).containsEntry("chapter", "1"));
    }

    @Test
    void theSweepFetchesFeedsOnlyForSeriesWhoseLatestUploadChanged() {
        Manga quiet = f.mangadex.addManga("Quiet");
        Manga missed = f.mangadex.addManga("Missed");
        f.mangadex.publish(quiet, "en", "1");
        f.mangadex.publish(missed, "en", "1");
        f.advance(Duration.ofSeconds(1));
        f.workflows.tracking.startTracking(quiet.id());
        f.workflows.tracking.startTracking(missed.id());
        f.workflows.reconcile();
        f.advance(Duration.ofHours(1));
        f.mangadex.publish(missed, "en", "2"); // the stream was down: only the sweep sees it
        int feeds = f.mangadex.requests("GET /manga/{id}/feed");
        ReconcileSweep.Report report = f.workflows.reconcile();
        assertThat(report.compared()).isEqualTo(2);
        assertThat(report.refreshed()).isEqualTo(1);
        assertThat(f.mangadex.requests("GET /manga/{id}/feed") - feeds).isEqualTo(1);
        assertThat(f.outbox()).singleElement().satisfies(e -> assertThat(SyncFixture.payload(e))
                .containsEntry("chapter", "2"));
    }

    /**
     * Issue 28: a followed series quiet since its follow has no release history; the sweep reads its feed once (one
     * request, bulk priority) and dates its back catalogue, so it has a forecast; unfollowed tracked series are left
     * alone, and a series already dated is not read again.
     */
    @Test
    void theSweepDatesTheBackCatalogueOfAQuietFollowedSeriesOnce() {
        Manga weekly = f.mangadex.addManga("Weekly");
        Manga alone = f.mangadex.addManga("Tracked, not followed");
        for (int n = 1; n <= 6; n++) {
            f.mangadex.publish(weekly, "en", String.valueOf(n));
            f.mangadex.publish(alone, "en", String.valueOf(n));
            f.advance(Duration.ofDays(7));
        }
        f.workflows.tracking.start(weekly.id());
        f.workflows.tracking.start(alone.id());
        f.db.inTransaction(h -> h.createUpdate("insert into users (name, token_hash) values ('reader', '\\x01')").execute()
                + h.createUpdate("insert into user_library (user_id, manga_id) select u.id, m.id from users u, manga m "
                        + "where m.mangadex_id = :id").bind("id", weekly.id()).execute());
        int feeds = f.mangadex.requests("GET /manga/{id}/feed");
        f.workflows.reconcile();
        assertThat(f.mangadex.requests("GET /manga/{id}/feed") - feeds).as("one feed request, for the followed series")
                .isEqualTo(1);
        assertThat(f.count("select count(*) from reader_chapters r join manga m on m.id = r.manga_id "
                + "where m.title = 'Weekly' and r.readable_at is not null")).isEqualTo(6);
        assertThat(f.count("select count(*) from manga where baseline_pending")).as("the unfollowed one waits").isEqualTo(1);
        assertThat(f.outbox()).as("the back catalogue is known silently").isEmpty();
        var history = new com.mangahub.sync.store.ReleaseHistoryStore(f.db).forReader(
                f.count("select id from users"), f.clock.instant()).getFirst();
        var forecast = com.mangahub.sync.manga.ReleaseForecast.of("ongoing", history.history(),
                java.util.Optional.empty(), f.clock);
        assertThat(forecast.usualGap()).contains(Duration.ofDays(7));
        f.workflows.reconcile();
        assertThat(f.mangadex.requests("GET /manga/{id}/feed") - feeds).as("not read twice").isEqualTo(1);
    }

    @Test
    void aManualSyncBaselinesAnUntrackedSeriesThenReportsWhatItFinds() {
        Manga m = f.mangadex.addManga("Manual");
        f.mangadex.publish(m, "en", "1");
        f.advance(Duration.ofSeconds(1));
        ManualSync.Result first = f.workflows.syncSeries(m.id());
        assertThat(first.baselineTaken()).isTrue();
        assertThat(first.newChapters()).isEmpty();
        f.advance(Duration.ofMinutes(1));
        f.mangadex.publish(m, "en", "2");
        f.mangadex.editManga(m.id(), "completed");
        ManualSync.Result second = f.workflows.syncSeries(m.id());
        assertThat(second.newChapters()).containsExactly("2");
        assertThat(second.latestChapter()).isEqualTo("2");
        // a status that became completed is also told plainly, in the same transaction (issue 28)
        assertThat(f.outbox()).extracting(e -> e.get("type"))
                .containsExactlyInAnyOrder("NEW_CHAPTER", "MANGA_UPDATE", "STATUS_CHANGE");
        assertThat(f.outbox()).filteredOn(e -> e.get("type").equals("MANGA_UPDATE")).singleElement()
                .satisfies(e -> assertThat(SyncFixture.payload(e)).containsKey("changes"));
        assertThat(f.outbox()).filteredOn(e -> e.get("type").equals("STATUS_CHANGE")).singleElement()
                .satisfies(e -> assertThat(SyncFixture.payload(e)).containsEntry("new_status", "completed")
                        .containsKey("old_status"));
    }
}
