package com.mangahub.sync.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.JobStore;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.HealthCheck;
import com.mangahub.sync.web.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync side of the service, for the composition root: the workflows, their schedule, the job runner, the HTTP
 * routes and health checks. {@link #start()} begins the recurring work (and the first import when configured);
 * {@link #close()} stops it.
 */
public final class SyncService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final Database db;
    private final Config config;
    private final Clock clock;
    private final ObjectMapper json;
    private final Workflows workflows;
    private final MangaDexApi api;
    private final JobRunner jobs;
    private final Scheduler scheduler;
    private volatile Thread startupImport;
    private final List<Scheduler.Task> recurring = new java.util.ArrayList<>();

    public SyncService(Database db, MangaDexApi api, Config config, Clock clock, MeterRegistry registry,
                       ObjectMapper json, Sleeper sleeper) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.api = api;
        this.workflows = new Workflows(db, api, config, clock, new SyncMetrics(registry), json);
        this.jobs = new JobRunner(new JobStore(db), workflows, json, clock, sleeper);
        this.scheduler = new Scheduler(workflows.run, sleeper, TICK);
    }

    /** Starts the recurring workflows and the job runner; imports first when configured and not done yet. */
    public void start() {
        Config.Sync sync = config.sync();
        if (sync.importOnStart() && sync.initialCount() > 0) {
            // a platform thread, like the scheduler's: see PeriodicLoop.start
            startupImport = Thread.ofPlatform().name("sync-import-on-start").start(this::importOnStart);
        }
        List<Scheduler.Task> tasks = new java.util.ArrayList<>(List.of(
                new Scheduler.Task(NewMangaPoll.WORKFLOW, sync.newMangaInterval(), workflows.newManga::runOnce),
                new Scheduler.Task(ChapterStream.WORKFLOW, sync.chapterInterval(), this::pollChapters),
                new Scheduler.Task(ReconcileSweep.WORKFLOW, sync.reconcileInterval(), workflows.sweep::runOnce)));
        tasks.addAll(recurring);
        scheduler.start(tasks);
        jobs.start();
    }

    private void pollChapters() {
        workflows.metrics.chaptersSynced(workflows.stream.runOnce().stored());
    }

    private void importOnStart() {
        try {
            workflows.run.run(InitialImport.WORKFLOW,
                    () -> workflows.importer.run(config.sync().initialCount(), false, ImportProgress.NONE))
                    .ifPresent(r -> log.info("import on start: {}", r));
        } catch (RuntimeException e) {
            log.warn("import on start failed (it resumes on the next start or with ./mangahub import): {}",
                    e.getMessage());
        }
    }

    /**
     * Library sources, read again on their interval: the scheduled run (once per {@code check} across instances)
     * syncs each source whose own interval has passed, so a thousand sources spread over the interval.
     */
    public SourceSync sources(com.mangahub.sync.store.SourceStore store, com.mangahub.sync.mangadex.UserLibraryApi account,
                              com.mangahub.sync.mangadex.AuthServer auth, Duration interval) {
        SourceSync sources = new SourceSync(store, workflows.lookup, api, account, auth,
                new com.mangahub.sync.store.AdvisoryLocks(db), clock, interval,
                config.sync().languages());
        Duration check = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
        recurring.add(new Scheduler.Task(SourceSync.WORKFLOW, check, sources::runOnce));
        return sources;
    }

    /** The import, now, on the caller's thread ({@code ./mangahub import}). */
    public ImportReport importCatalogue(int limit, boolean force, ImportProgress progress) {
        return workflows.importCatalogue(limit, force, progress);
    }

    /** Series the current or last import has stored so far (for a resumed import's progress). */
    public int importedSoFar() {
        return ImportState.decode(json, workflows.states.read(InitialImport.WORKFLOW).metadataJson()).imported();
    }

    /** The entry point for "a user followed a series": tracking starts at once, the baseline with its activity. */
    public Tracking tracking() {
        return workflows.tracking;
    }

    /** What a library import asks of MangaDex: public lists, and the series the catalogue lacks. */
    public SeriesLookup lookup() {
        return workflows.lookup;
    }

    /**
     * The catalogue and sync routes; {@code readers} says who may spend the MangaDex budget on a search, and within
     * which caps.
     */
    public List<Routes> routes(Secret adminToken, SearchingReaders readers) {
        return List.of(new CatalogueRoutes(new CatalogueQueries(db.lagTolerant()), new CatalogueQueries(db),
                workflows.search, readers),
                new SyncRoutes(workflows, jobs, adminToken, json, config.sync().initialCount()));
    }

    public List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new java.util.ArrayList<>(new WorkflowHealth(workflows.states, config.sync(), clock).checks());
        checks.add(WorkflowHealth.quarantine(db));
        return checks;
    }

    Workflows workflows() {
        return workflows;
    }

    /** Stops the recurring work; a running page is rolled back and resumes from its cursor next time. */
    @Override
    public void close() {
        Thread importing = startupImport;
        if (importing != null) {
            importing.interrupt();
            try {
                importing.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        jobs.close();
        scheduler.close();
    }
}
