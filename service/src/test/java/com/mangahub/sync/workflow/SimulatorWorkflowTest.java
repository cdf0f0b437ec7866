package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.App;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workflows through the real client against the simulator (5 req/s, 100 ms latency): the correctness cases
 * as MangaDex's own rules and formats shape them, not as our fake assumes.
 */
@ExtendWith(PostgresExtension.class)
class SimulatorWorkflowTest {

    @Test
    void theChapterCasesComeOutRightThroughTheRealClientAndSimulator(Database db) {
        try (SimulatedMangaDex sim = new SimulatedMangaDex(
                SimulatedMangaDex.acceptance(150, 3_000, Clock.systemUTC()), Map.of())) {
            // the simulator's clock: real time plus however far the test moved the world
            Clock clock = sim.simulator.world().clock();
            Workflows w = new Workflows(db, sim.client, sim.config, clock, new SyncMetrics(new SimpleMeterRegistry()),
                    App.jsonMapper());
            ImportReport imported = w.importCatalogue(150, false, ImportProgress.NONE);
            assertThat(imported.requests()).isEqualTo(2);
            UUID id = sim.simulator.world().mangaIds().getFirst();
            Tracking.Baseline baseline = w.tracking.startTracking(id);
            assertThat(baseline.started()).isTrue();
            w.pollChapters();
            SyncFixture view = new SyncFixture(db);
            assertThat(view.outbox()).as("no back-catalogue events").isEmpty();

            sim.simulator.world().advance(Duration.ofMinutes(1));
            var world = sim.simulator.world();
            world.publish(NewChapter.of(id, "en").withChapter("900"));
            world.publish(NewChapter.of(id, "en").withChapter("900"));          // another group, same number
            world.publish(NewChapter.of(id, "en").withChapter("900.5"));        // decimal
            world.publish(NewChapter.of(id, "en").asOneshot());                 // no number
            world.publish(NewChapter.of(id, "en").withChapter("850"));          // late lower number
            world.publish(NewChapter.of(id, "en").withChapter("901").withExternalUrl("https://example.org/901"));
            world.publish(NewChapter.of(id, "en").withChapter("902").withPublishDelay(Duration.ofMinutes(30)));
            world.publish(NewChapter.of(id, "fr").withChapter("903"));          // not a tracked language
            world.publish(NewChapter.of(id, "en").withChapter("904")            // link-only: readable now
                    .asLinkOnly("https://mangaplus.shueisha.co.jp/viewer/904"));
            sim.simulator.world().advance(Duration.ofSeconds(5));
            w.pollChapters();
            assertThat(view.outbox()).extracting(e -> SyncFixture.payload(e).get("chapter"))
                    .containsExactlyInAnyOrder("900", "900.5", null, "850", "901", "904");
            sim.simulator.world().advance(Duration.ofMinutes(31));
            w.pollChapters();
            w.pollChapters();
            assertThat(view.outbox()).extracting(e -> SyncFixture.payload(e).get("chapter")).contains("902").hasSize(7);
            assertThat(sim.simulator.stats().tooManyRequests()).isZero();
            List<Object> latest = view.rows("select latest_chapter from manga where mangadex_id = ?", id).stream()
                    .map(r -> r.get("latest_chapter")).toList();
            assertThat(latest).as("the highest number, not the last released").containsExactly("904");
        }
    }
}
