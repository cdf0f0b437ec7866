package com.mangahub.sync.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncStateStore;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every workflow, built once and entered only through its exclusive run, whoever asks: the scheduler, a job, the
 * CLI or an HTTP request. A manual sync of one series takes a lock of its own, per series.
 */
final class Workflows {
    final SyncStateStore states;
    final SyncMetrics metrics;
    final ExclusiveRun run;
    final InitialImport importer;
    final NewMangaPoll newManga;
    final ChapterStream stream;
    final ReconcileSweep sweep;
    final Tracking tracking;
    final ManualSync manual;
    final SeriesLookup lookup;
    final CatalogueSearch search;

    Workflows(Database db, MangaDexApi api, Config config, Clock clock, SyncMetrics metrics, ObjectMapper json) {
        SyncSettings settings = SyncSettings.from(config);
        this.states = new SyncStateStore(db);
        this.metrics = metrics;
        this.run = new ExclusiveRun(db, states, metrics, clock);
        WorkflowContext w = new WorkflowContext(db, api, states, settings, clock, metrics, new SyncEvents(json), json);
        SeriesRefresh refresh = new SeriesRefresh(w);
        this.importer = new InitialImport(w);
        this.newManga = new NewMangaPoll(w);
        this.stream = new ChapterStream(w, refresh);
        this.sweep = new ReconcileSweep(w, refresh);
        this.tracking = new Tracking(w, refresh);
        this.manual = new ManualSync(w, tracking, refresh);
        this.lookup = new SeriesLookup(w);
        this.search = new CatalogueSearch(w, new CatalogueQueries(db), new CatalogueQueries(db.lagTolerant()));
    }

    ImportReport importCatalogue(int limit, boolean force, ImportProgress progress) {
        return exclusive(InitialImport.WORKFLOW, () -> importer.run(limit, force, progress));
    }

    NewMangaPoll.Report pollNewManga() {
        return exclusive(NewMangaPoll.WORKFLOW, newManga::runOnce);
    }

    ChapterStream.Report pollChapters() {
        ChapterStream.Report report = exclusive(ChapterStream.WORKFLOW, stream::runOnce);
        metrics.chaptersSynced(report.stored());
        return report;
    }

    ReconcileSweep.Report reconcile() {
        return exclusive(ReconcileSweep.WORKFLOW, sweep::runOnce);
    }

    ManualSync.Result syncSeries(UUID mangadexId) {
        return run.runMetered("manga_sync:" + mangadexId, "manga_sync", () -> manual.sync(mangadexId))
                .orElseThrow(() -> new WorkflowBusy("the sync of " + mangadexId));
    }

    private <T> T exclusive(String workflow, Supplier<T> work) {
        return run.run(workflow, work).orElseThrow(() -> new WorkflowBusy(workflow));
    }
}
