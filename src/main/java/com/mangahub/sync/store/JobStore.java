package com.mangahub.sync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code jobs} table: submitted by any instance, claimed by one with {@code FOR UPDATE SKIP LOCKED} and a lease
 * (renewed with each progress report), so a job whose runner died is picked up again once its lease runs out.
 */
public final class JobStore {
    private static final String COLUMNS = "id, kind, params::text as params, status, progress::text as progress, "
            + "result::text as result, error, submitted_at, started_at, finished_at";
    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    public UUID submit(String kind, String paramsJson, Instant now) {
        UUID id = UUID.randomUUID();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into jobs (id, kind, params, submitted_at) values (?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, kind);
                Jdbc.setJson(ps, 3, paramsJson);
                Jdbc.setInstant(ps, 4, now);
                return ps.executeUpdate();
            }
        });
        return id;
    }

    public Optional<Job> find(UUID id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from jobs where id = ?")) {
                ps.setObject(1, id);
                return read(ps);
            }
        });
    }

    /** The oldest pending job (or one whose runner's lease ran out), now running under {@code worker}'s lease. */
    public Optional<Job> claim(String worker, Instant now, Duration lease) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update jobs set status = 'running', claimed_by = ?, "
                    + "lease_until = ?, started_at = coalesce(started_at, ?) where id = (select id from jobs "
                    + "where status = 'pending' or (status = 'running' and lease_until < ?) "
                    + "order by submitted_at limit 1 for update skip locked) returning " + COLUMNS)) {
                ps.setString(1, worker);
                Jdbc.setInstant(ps, 2, now.plus(lease));
                Jdbc.setInstant(ps, 3, now);
                Jdbc.setInstant(ps, 4, now);
                return read(ps);
            }
        });
    }

    public void progress(UUID id, String progressJson, Instant leaseUntil) {
        update("progress = ?, lease_until = ?", id, ps -> {
            Jdbc.setJson(ps, 1, progressJson);
            Jdbc.setInstant(ps, 2, leaseUntil);
        });
    }

    public void complete(UUID id, String resultJson, Instant now) {
        update("status = 'completed', result = ?, finished_at = ?, lease_until = null", id, ps -> {
            Jdbc.setJson(ps, 1, resultJson);
            Jdbc.setInstant(ps, 2, now);
        });
    }

    public void fail(UUID id, String error, Instant now) {
        update("status = 'failed', error = ?, finished_at = ?, lease_until = null", id, ps -> {
            ps.setString(1, error);
            Jdbc.setInstant(ps, 2, now);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String assignments, UUID id, Binder binder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update jobs set " + assignments + " where id = ?")) {
                binder.bind(ps);
                ps.setObject(3, id);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<Job> read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Job(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("params"),
                    rs.getString("status"), Optional.ofNullable(rs.getString("progress")),
                    Optional.ofNullable(rs.getString("result")), Optional.ofNullable(rs.getString("error")),
                    Jdbc.instant(rs, "submitted_at").orElseThrow(), Jdbc.instant(rs, "started_at"),
                    Jdbc.instant(rs, "finished_at")));
        }
    }
}
