package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sync_state} rows, kept true: running when a run starts, completed or error (with its message) when it
 * ends, and the cursor saved in the same transaction as the work it covers so a crash resumes exactly there.
 */
public final class SyncStateStore {
    private static final String SELECT = "select workflow, status, last_run_at, last_success_at, cursor, "
            + "error_message, metadata::text as metadata from sync_state ";
    private final Database db;

    public SyncStateStore(Database db) {
        this.db = db;
    }

    public SyncState read(String workflow) {
        return db.inTransaction(c -> read(c, workflow));
    }

    public SyncState read(Connection c, String workflow) throws SQLException {
        ensure(c, workflow);
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where workflow = ?")) {
            ps.setString(1, workflow);
            return readAll(ps).getFirst();
        }
    }

    public List<SyncState> all() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "order by workflow")) {
                return readAll(ps);
            }
        });
    }

    public void markRunning(String workflow, Instant now) {
        set(workflow, "status = 'running', last_run_at = ?, error_message = null", now);
    }

    public void markCompleted(String workflow, Instant now) {
        set(workflow, "status = 'completed', last_success_at = ?", now);
    }

    public void markError(String workflow, Instant now, String message) {
        db.inTransaction(c -> {
            ensure(c, workflow);
            try (PreparedStatement ps = c.prepareStatement("update sync_state set status = 'error', "
                    + "error_message = ?, updated_at = ? where workflow = ?")) {
                ps.setString(1, message);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, workflow);
                return ps.executeUpdate();
            }
        });
    }

    /** Saves the resume point inside the caller's transaction, beside the rows it covers. */
    public void saveCursor(Connection c, String workflow, Optional<String> cursor, String metadataJson, Instant now)
            throws SQLException {
        ensure(c, workflow);
        try (PreparedStatement ps = c.prepareStatement("update sync_state set cursor = ?, metadata = ?, updated_at = ? "
                + "where workflow = ?")) {
            ps.setString(1, cursor.orElse(null));
            Jdbc.setJson(ps, 2, metadataJson);
            Jdbc.setInstant(ps, 3, now);
            ps.setString(4, workflow);
            ps.executeUpdate();
        }
    }

    public void saveCursor(String workflow, Optional<String> cursor, String metadataJson, Instant now) {
        db.inTransaction(c -> {
            saveCursor(c, workflow, cursor, metadataJson, now);
            return null;
        });
    }

    private void set(String workflow, String assignments, Instant now) {
        db.inTransaction(c -> {
            ensure(c, workflow);
            try (PreparedStatement ps = c.prepareStatement("update sync_state set " + assignments
                    + ", updated_at = ? where workflow = ?")) {
                Jdbc.setInstant(ps, 1, now);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, workflow);
                return ps.executeUpdate();
            }
        });
    }

    /** Workflows added after V1 get their row on first use. */
    private static void ensure(Connection c, String workflow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into sync_state (workflow) values (?) on conflict do nothing")) {
            ps.setString(1, workflow);
            ps.executeUpdate();
        }
    }

    private static List<SyncState> readAll(PreparedStatement ps) throws SQLException {
        List<SyncState> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SyncState(rs.getString("workflow"), rs.getString("status"), Jdbc.instant(rs, "last_run_at"),
                        Jdbc.instant(rs, "last_success_at"), Optional.ofNullable(rs.getString("cursor")),
                        Optional.ofNullable(rs.getString("error_message")), rs.getString("metadata")));
            }
        }
        return out;
    }
}
