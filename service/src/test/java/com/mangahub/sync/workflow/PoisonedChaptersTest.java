package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.App;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.World;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.time.Sleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, acceptance 3: poisoned text from MangaDex (the simulator serves it as MangaDex's PHP backend would: a
 * NUL as {@code \u005Cu0000}, a lone surrogate as its escape) between two good chapters. The good ones are announced
 * in order, the bad one is stored cleaned and counted, and the stream's cursor moves past all three; a chapter that
 * PostgreSQL still refuses is quarantined (table, metric, /health) and the stream goes on without it.
 */
@ExtendWith(PostgresExtension.class)
class PoisonedChaptersTest {
    private static final String POISON = "Bad\u0000title \uD800 and \uDC01 end";

    @Test
    void aTitleWithNulAndLoneSurrogatesIsStoredCleanedBetweenTwoGoodChaptersAndTheCursorMovesOn(Database db) {
        try (Setup s = new Setup(db)) {
            Instant good1 = s.publish("900", null);
            Instant bad = s.publish("901", POISON);
            Instant good2 = s.publish("902", null);
            s.world.advance(Duration.ofSeconds(5));
            s.workflows.pollChapters();

            assertThat(s.announced()).as("every chapter announced once, in publication order")
                    .containsExactly("900", "901", "902");
            assertThat(s.view.rows("select title from chapters where chapter = '901'"))
                    .extracting(r -> r.get("title")).containsExactly("Badtitle \uFFFD and \uFFFD end");
            assertThat(s.registry.counter("mangadex_text_repaired", "repair", "nul").count()).isGreaterThanOrEqualTo(1);
            assertThat(s.registry.counter("mangadex_text_repaired", "repair", "surrogate").count()).isGreaterThanOrEqualTo(1);
            assertThat(s.cursor(StreamWalk.PUBLISHED)).as("past the good chapter after the bad one")
                    .isAfterOrEqualTo(good2).isAfter(bad).isAfter(good1);
            assertThat(s.view.rows("select * from quarantined_chapters")).isEmpty();

            s.publish("903", null);
            s.world.advance(Duration.ofSeconds(5));
            s.workflows.pollChapters();
            assertThat(s.announced()).containsExactly("900", "901", "902", "903");
        }
    }

    @Test
    void aChapterPostgresStillRefusesIsQuarantinedAndTheGoodOnesAroundItAreAnnouncedInOrder(Database db) {
        // what can still fail once texts are clean is whatever the database refuses; a check constraint stands in
        db.inTransaction(h -> h.execute("alter table chapters add constraint test_refuses_cursed "
                + "check (title is null or title not like '%cursed%')"));
        try (Setup s = new Setup(db)) {
            s.publish("910", null);
            s.publish("911", "a cursed chapter");
            Instant good2 = s.publish("912", null);
            s.world.advance(Duration.ofSeconds(5));
            s.workflows.pollChapters();

            assertThat(s.announced()).containsExactly("910", "912");
            List<Map<String, Object>> quarantined = s.view.rows("select mangadex_manga_id, reason, workflow "
                    + "from quarantined_chapters");
            assertThat(quarantined).hasSize(1);
            assertThat(quarantined.getFirst().get("mangadex_manga_id")).isEqualTo(s.series);
            assertThat((String) quarantined.getFirst().get("reason")).startsWith("23514").contains("test_refuses_cursed");
            assertThat(s.registry.counter("mangahub_chapters_quarantined", "type", "chapter_check").count()).isEqualTo(1);
            var health = WorkflowHealth.quarantine(db).probe().get();
            assertThat(health.up()).isTrue();
            assertThat(health.details()).containsEntry("chapters", 1L).containsKey("latest");
            assertThat(s.cursor(StreamWalk.PUBLISHED)).isAfterOrEqualTo(good2);

            s.publish("913", null);
            s.world.advance(Duration.ofSeconds(5));
            s.workflows.pollChapters();
            assertThat(s.announced()).as("the stream goes on").containsExactly("910", "912", "913");
            assertThat(s.view.rows("select attempts from quarantined_chapters")).as("re-read in the overlap, one row")
                    .hasSize(1);
        } finally {
            db.inTransaction(h -> h.execute("alter table chapters drop constraint test_refuses_cursed"));
        }
    }

    /** A small world, a client with meters of its own, one tracked series with its baseline taken. */
    private static final class Setup implements AutoCloseable {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final SimulatedMangaDex sim = new SimulatedMangaDex(SimulatedMangaDex.acceptance(20, 200, Clock.systemUTC()), Map.of());
        final World world = sim.simulator.world();
        final MangaDexClient client = new MangaDexClient(sim.config.mangadex(), registry, App.jsonMapper(),
                world.clock(), Sleeper.SYSTEM);
        final Workflows workflows;
        final SyncFixture view;
        final UUID series;
        private final Database db;

        Setup(Database db) {
            this.db = db;
            this.workflows = new Workflows(db, client, sim.config, world.clock(), new SyncMetrics(registry), App.jsonMapper());
            this.view = new SyncFixture(db);
            workflows.importCatalogue(20, false, ImportProgress.NONE);
            series = world.mangaIds().getFirst();
            workflows.tracking.startTracking(series);
            workflows.pollChapters();
            assertThat(view.outbox()).isEmpty();
            world.advance(Duration.ofMinutes(1));
        }

        /** Publishes one chapter now, then moves the world a second on, so publication order is unambiguous. */
        Instant publish(String number, String title) {
            NewChapter chapter = NewChapter.of(series, "en").withChapter(number);
            world.publish(title == null ? chapter : chapter.withTitle(title));
            Instant at = world.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            world.advance(Duration.ofSeconds(1));
            return at;
        }

        List<Object> announced() {
            return view.outbox().stream().map(e -> SyncFixture.payload(e).get("chapter")).toList();
        }

        Instant cursor(StreamWalk walk) {
            return StreamCursor.decode(workflows.states.read(ChapterStream.WORKFLOW).cursor(), Instant.EPOCH).of(walk);
        }

        @Override
        public void close() {
            client.close();
            sim.close();
        }
    }
}
