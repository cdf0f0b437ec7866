package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.store.DataRefusal;
import com.mangahub.sync.store.QuarantineStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside a chapter that PostgreSQL refuses to store, so one chapter can never hold the chapter stream's cursor:
 * its work runs under a savepoint, and when PostgreSQL refuses it for what it holds ({@link DataRefusal}), that work
 * is rolled back alone, the chapter is recorded in {@code quarantined_chapters} and counted, and the page goes on. Any other failure (the database gone,
 * a uniqueness race with another writer) is not the chapter's fault and fails the page as before, to be retried.
 */
final class ChapterQuarantine {
    private static final Logger log = LoggerFactory.getLogger(ChapterQuarantine.class);
    private static final String SAVEPOINT = "chapter";

    private final QuarantineStore store = new QuarantineStore();
    private final SyncMetrics metrics;
    private final String workflow;

    ChapterQuarantine(SyncMetrics metrics, String workflow) {
        this.metrics = metrics;
        this.workflow = workflow;
    }

    /** The outcome of {@code work} on {@code chapter}, or empty when the chapter was quarantined instead. */
    <T> Optional<T> guarded(Handle c, Chapter chapter, Instant now, Supplier<T> work) {
        c.savepoint(SAVEPOINT);
        try {
            T outcome = work.get();
            c.releaseSavepoint(SAVEPOINT);
            return Optional.of(outcome);
        } catch (RuntimeException e) {
            Optional<DataRefusal> refusal = DataRefusal.of(e);
            if (refusal.isEmpty()) throw e;
            c.rollbackToSavepoint(SAVEPOINT);
            String reason = refusal.get().sqlState() + ": " + refusal.get().message();
            store.add(c, chapter.id(), chapter.mangaId(), workflow, reason, now);
            metrics.quarantined(workflow);
            log.warn("chapter {} of series {} cannot be stored and is quarantined ({}); the stream moves on",
                    chapter.id(), chapter.mangaId(), refusal.get().sqlState());
            return Optional.empty();
        }
    }
}
