package com.mangahub.sync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.store.Job;
import com.mangahub.sync.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread thread;

    JobRunner(JobStore store, Workflows workflows, ObjectMapper json, Clock clock) {
        this.store = store;
        this.workflows = workflows;
        this.json = json;
        this.clock = clock;
    }

    UUID submit(JobRequest request) {
        UUID id = store.submit(request.kind(), write(request.params()), clock.instant());
        wake.release();
        return id;
    }

    Optional<Job> find(UUID id) {
        return store.find(id);
    }

    void start() {
        // a platform thread, like the scheduler's: see Scheduler.start
        thread = Thread.ofPlatform().name("sync-jobs").start(this::loop);
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!runNext()) wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("job runner: {}", e.getMessage());
            }
        }
    }

    /** Runs the next job if there is one; false when there was none. */
    boolean runNext() {
        Optional<Job> claimed = store.claim(worker, clock.instant(), LEASE);
        if (claimed.isEmpty()) return false;
        Job job = claimed.get();
        try {
            Object result = execute(JobRequest.decode(job.kind(), read(job.paramsJson())), job.id());
            store.complete(job.id(), write(result), clock.instant());
        } catch (RuntimeException e) {
            log.warn("job {} ({}) failed: {}", job.id(), job.kind(), e.getMessage());
            store.fail(job.id(), String.valueOf(e.getMessage()), clock.instant());
        }
        return true;
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
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a job's JSON", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable job parameters", e);
        }
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t == null) return;
        t.interrupt();
        try {
            t.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
