package com.mangahub.sync.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.mangahub.sync.json.JsonText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.Job;
import com.mangahub.sync.store.JobStore;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.ApiJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs persisted jobs one at a time per instance: claims the oldest pending one (any instance may submit it),
 * runs its workflow, and stores the result or the error. A job whose runner died is claimed again after its lease.
 */
final class JobRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final JobStore store;
    private final Workflows workflows;
    private final ObjectMapper json;
    private final Clock clock;
    private final String worker = "runner-" + UUID.randomUUID();
    private final PeriodicLoop loop;

    JobRunner(JobStore store, Workflows workflows, ObjectMapper json, Clock clock, Sleeper sleeper) {
        this.store = store;
        this.workflows = workflows;
        // a job's result and progress are stored to be answered as they are by GET /api/jobs/{id}[/result]
        this.json = ApiJson.answers(json);
        this.clock = clock;
        this.loop = new PeriodicLoop("sync-jobs", IDLE_POLL, sleeper, this::runOnce);
    }

    UUID submit(JobRequest request) {
        UUID id = store.submit(request.kind(), write(request.params()), clock.instant());
        loop.wake();
        return id;
    }

    Optional<Job> find(UUID id) {
        return store.find(id);
    }

    void start() {
        loop.start();
    }

    /** Runs the next job if there is one; returns how many ran (0: none was pending). */
    int runOnce() {
        Optional<Job> claimed = store.claim(worker, clock.instant(), LEASE);
        if (claimed.isEmpty()) return 0;
        Job job = claimed.get();
        try {
            Object result = execute(JobRequest.decode(job.kind(), read(job.paramsJson())), job.id());
            store.complete(job.id(), write(result), clock.instant());
        } catch (RuntimeException e) {
            log.warn("job {} ({}) failed: {}", job.id(), job.kind(), e.getMessage());
            store.fail(job.id(), String.valueOf(e.getMessage()), clock.instant());
        }
        return 1;
    }

    private Object execute(JobRequest request, UUID id) {
        return switch (request) {
            case JobRequest.Import i -> workflows.importCatalogue(i.limit(), i.force(), (done, target) ->
                    store.progress(id, write(Map.of("done", done, "target", target)), clock.instant().plus(LEASE)));
            case JobRequest.NewMangaPoll n -> workflows.pollNewManga();
            case JobRequest.ChapterPoll c -> workflows.pollChapters();
            case JobRequest.Reconcile r -> workflows.reconcile();
            case JobRequest.MangaSync m -> workflows.syncSeries(m.mangaId());
        };
    }

    private String write(Object value) {
        return JsonText.write(json, value);
    }

    private Map<String, Object> read(String text) {
        return JsonText.read(json, text, new TypeReference<>() { }, "a job's parameters");
    }

    @Override
    public void close() {
        loop.close();
    }
}
