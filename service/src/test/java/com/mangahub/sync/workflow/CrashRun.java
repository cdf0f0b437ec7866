package com.mangahub.sync.workflow;

import static org.awaitility.Awaitility.await;

import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.ServiceProcess;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the packaged jar again and again and kills it with SIGKILL once a progress query shows it is part-way
 * through: each kill at a later point, so the kills spread over the whole run.
 */
final class CrashRun {
    /** When the latest chapter_check run began (the service's clock), in microseconds since the epoch; 0 if never. */
    private static final String CHAPTER_CHECK_STARTED = "select coalesce((extract(epoch from last_run_at) * 1000000)"
            + "::bigint, 0) from sync_state where workflow = 'chapter_check'";
    private static final String CHAPTER_CHECK_COMPLETED_AFTER = "select count(*) from sync_state where workflow = "
            + "'chapter_check' and status = 'completed' and (extract(epoch from last_run_at) * 1000000)::bigint > %d";
    private final Database db;
    private final Map<String, String> env;
    private final int kills;

    CrashRun(Database db, Map<String, String> env, int kills) {
        this.db = db;
        this.env = env;
        this.kills = kills;
    }

    /** Kills {@code kills} runs; returns how many were killed while still short of {@code done}. */
    int killDuring(String progressQuery, int done, String... args) throws Exception {
        int midway = 0;
        for (int k = 1; k <= kills; k++) {
            long threshold = (long) done * k / (kills + 1);
            try (ServiceProcess p = ServiceProcess.start(env, args)) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(progressQuery) >= threshold || !p.process().isAlive());
                p.kill();
            }
            if (count(progressQuery) < done) midway++;
        }
        return midway;
    }

    /** Runs the service until the progress query reaches {@code done}, then stops it with SIGTERM. */
    void untilDone(String progressQuery, int done) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env, "serve")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(progressQuery) >= done);
            // one more whole poll after the last chapter, so a partly written page would show as a difference: a
            // chapter_check run that began after the latest start seen now (which may be the run still under way)
            long latestStart = count(CHAPTER_CHECK_STARTED);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(CHAPTER_CHECK_COMPLETED_AFTER.formatted(latestStart)) == 1);
            p.terminate(Duration.ofSeconds(60));
        }
    }

    long count(String query) {
        return db.inTransaction(h -> h.createQuery(query).mapTo(Long.class).one());
    }
}
