package com.mangahub.sync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * The {@code jobs} table: submitted by any instance, claimed by one with {@code FOR UPDATE SKIP LOCKED} and a lease
 * (renewed with each progress report), so a job whose runner died is picked up again once its lease runs out.
 */
public final class JobStore {
    private static final String COLUMNS = "id, kind, params::text as params_json, status, "
            + "progress::text as progress_json, result::text as result_json, error, submitted_at, started_at, finished_at";
    private static final RowMapper<Job> JOB = ConstructorMapper.of(Job.class);
    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    public UUID submit(String kind, String paramsJson, Instant now) {
        UUID id = UUID.randomUUID();
        db.inTransaction(h -> h.createUpdate("insert into jobs (id, kind, params, submitted_at) "
                        + "values (:id, :kind, cast(:params as jsonb), :now)")
                .bind("id", id)
                .bind("kind", kind)
                .bind("params", paramsJson)
                .bind("now", now)
                .execute());
        return id;
    }

    public Optional<Job> find(UUID id) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from jobs where id = :id")
                .bind("id", id)
                .map(JOB)
                .findOne());
    }

    /** The oldest pending job (or one whose runner's lease ran out), now running under {@code worker}'s lease. */
    public Optional<Job> claim(String worker, Instant now, Duration lease) {
        return db.inTransaction(h -> h.createQuery("update jobs set status = 'running', claimed_by = :worker, "
                        + "lease_until = :leaseUntil, started_at = coalesce(started_at, :now) where id = (select id "
                        + "from jobs where status = 'pending' or (status = 'running' and lease_until < :now) "
                        + "order by submitted_at limit 1 for update skip locked) returning " + COLUMNS)
                .bind("worker", worker)
                .bind("leaseUntil", now.plus(lease))
                .bind("now", now)
                .map(JOB)
                .findOne());
    }

    public void progress(UUID id, String progressJson, Instant leaseUntil) {
        update(id, "progress = cast(:progress as jsonb), lease_until = :leaseUntil",
                u -> u.bind("progress", progressJson).bind("leaseUntil", leaseUntil));
    }

    public void complete(UUID id, String resultJson, Instant now) {
        update(id, "status = 'completed', result = cast(:result as jsonb), finished_at = :now, lease_until = null",
                u -> u.bind("result", resultJson).bind("now", now));
    }

    public void fail(UUID id, String error, Instant now) {
        update(id, "status = 'failed', error = :error, finished_at = :now, lease_until = null",
                u -> u.bind("error", error).bind("now", now));
    }

    /** One job's row takes {@code assignments}, whose named values {@code binds} supplies. */
    private void update(UUID id, String assignments, UnaryOperator<Update> binds) {
        db.inTransaction(h -> binds.apply(h.createUpdate("update jobs set " + assignments + " where id = :id"))
                .bind("id", id)
                .execute());
    }
}
