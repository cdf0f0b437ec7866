package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The {@code sync_state} rows, kept true: running when a run starts, completed or error (with its message) when it
 * ends, and the cursor saved in the same transaction as the work it covers so a crash resumes exactly there.
 */
public final class SyncStateStore {
    private static final String SELECT = "select workflow, status, last_run_at, last_success_at, cursor, "
            + "error_message, metadata::text as metadata_json from sync_state ";
    private static final RowMapper<SyncState> STATE = ConstructorMapper.of(SyncState.class);
    private final Database db;

    public SyncStateStore(Database db) {
        this.db = db;
    }

    public SyncState read(String workflow) {
        return db.inTransaction(h -> read(h, workflow));
    }

    public SyncState read(Handle h, String workflow) {
        ensure(h, workflow);
        return h.createQuery(SELECT + "where workflow = :workflow").bind("workflow", workflow).map(STATE).one();
    }

    public List<SyncState> all() {
        return db.inTransaction(h -> h.createQuery(SELECT + "order by workflow").map(STATE).list());
    }

    public void markRunning(String workflow, Instant now) {
        set(workflow, "status = 'running', last_run_at = :now, error_message = null", now);
    }

    public void markCompleted(String workflow, Instant now) {
        set(workflow, "status = 'completed', last_success_at = :now", now);
    }

    public void markError(String workflow, Instant now, String message) {
        db.inTransaction(h -> {
            ensure(h, workflow);
            return h.createUpdate("update sync_state set status = 'error', error_message = :message, "
                            + "updated_at = :now where workflow = :workflow")
                    .bind("message", message)
                    .bind("now", now)
                    .bind("workflow", workflow)
                    .execute();
        });
    }

    /** Saves the resume point inside the caller's transaction, beside the rows it covers. */
    public void saveCursor(Handle h, String workflow, Optional<String> cursor, String metadataJson, Instant now) {
        ensure(h, workflow);
        h.createUpdate("update sync_state set cursor = :cursor, metadata = cast(:metadata as jsonb), "
                        + "updated_at = :now where workflow = :workflow")
                .bind("cursor", cursor.orElse(null))
                .bind("metadata", metadataJson)
                .bind("now", now)
                .bind("workflow", workflow)
                .execute();
    }

    public void saveCursor(String workflow, Optional<String> cursor, String metadataJson, Instant now) {
        db.inTransaction(h -> {
            saveCursor(h, workflow, cursor, metadataJson, now);
            return null;
        });
    }

    /** {@code assignments} name the run's instant {@code :now}; updated_at takes it too. */
    private void set(String workflow, String assignments, Instant now) {
        db.inTransaction(h -> {
            ensure(h, workflow);
            return h.createUpdate("update sync_state set " + assignments + ", updated_at = :now "
                            + "where workflow = :workflow")
                    .bind("now", now)
                    .bind("workflow", workflow)
                    .execute();
        });
    }

    /** Workflows added after V1 get their row on first use. */
    private static void ensure(Handle h, String workflow) {
        h.createUpdate("insert into sync_state (workflow) values (:workflow) on conflict do nothing")
                .bind("workflow", workflow)
                .execute();
    }
}
