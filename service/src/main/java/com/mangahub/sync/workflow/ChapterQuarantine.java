package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.store.QuarantineStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside a chapter that PostgreSQL refuses to store, so one chapter can never hold the chapter stream's cursor:
 * its work runs under a savepoint, and when PostgreSQL refuses it for what it holds (a data exception, a constraint
 * other than uniqueness, a program limit such as an index entry's size), that work is rolled back alone, the chapter
 * is recorded in {@code quarantined_chapters} and counted, and the page goes on. Any other failure (the database gone,
 * a uniqueness race with another writer) is not the chapter's fault and fails the page as before, to be retried.
 */
final class ChapterQuarantine {
    private static final Logger log = LoggerFactory.getLogger(ChapterQuarantine.class);
    private static final String SAVEPOINT = "chapter";
    /** SQLState classes and codes that say "this data", not "this moment": 22 data exception, 54 program limit. */
    private static final Set<String> DATA_CLASSES = Set.of("22", "54");
    private static final Set<String> DATA_CONSTRAINTS = Set.of("23502", "23514", "23P01");

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
            Optional<SQLException> refusal = dataRefusal(e);
            if (refusal.isEmpty()) throw e;
            c.rollbackToSavepoint(SAVEPOINT);
            String reason = refusal.get().getSQLState() + ": " + refusal.get().getMessage();
            store.add(c, chapter.id(), chapter.mangaId(), workflow, reason, now);
            metrics.quarantined(workflow);
            log.warn("chapter {} of series {} cannot be stored and is quarantined ({}); the stream moves on",
                    chapter.id(), chapter.mangaId(), refusal.get().getSQLState());
            return Optional.empty();
        }
    }

    /** The SQLException behind {@code e} when it refuses the data itself. */
    static Optional<SQLException> dataRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                boolean data = DATA_CLASSES.contains(state.substring(0, 2)) || DATA_CONSTRAINTS.contains(state);
                return data ? Optional.of(sql) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
