package com.mangahub.sync.workflow;

import com.mangahub.sync.App;
import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ImportOnStartTest {

    @Test
    void aFreshServiceImportsOnStartWhenConfiguredAndAStartedOneDoesNotImportAgain(Database db) {
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        FakeMangaDex mangadex = new FakeMangaDex(clock);
        for (int i = 0; i < 40; i++) mangadex.addManga("Start " + i);
        clock.advance(Duration.ofHours(1)); // older than the new-manga poll's first window
        Config config = Config.from(Map.of("MANGA_SYNC_INITIAL_COUNT", "30", "MANGAHUB_IMPORT_ON_START", "true"));
        try (SyncService first = new SyncService(db, mangadex, config, clock, new SimpleMeterRegistry(),
                App.jsonMapper(), Sleeper.SYSTEM)) {
            first.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.importedSoFar() == 30);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> new SyncStateStore(db).read("initial_sync").status().equals("completed"));
        }
        int listings = mangadex.requests("GET /manga");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SyncService second = new SyncService(db, mangadex, config, clock, registry,
                App.jsonMapper(), Sleeper.SYSTEM)) {
            second.start();
            // until its import on start has run (and found the import done): closing sooner would interrupt it
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("mangadex_sync_runs")
                    .tag("type", "initial_sync").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        }
        // the second start may poll for new manga, but it imports nothing again
        assertThat(new SyncFixture(db).count("select count(*) from manga")).isEqualTo(30);
        assertThat(mangadex.requests("GET /manga") - listings).isLessThanOrEqualTo(1);
    }
}
