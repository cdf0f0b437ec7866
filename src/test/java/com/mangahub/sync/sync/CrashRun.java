package com.mangahub.sync.sync;

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
            // one more poll after the last chapter, so a partly written page would show as a difference
            await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ofSeconds(3)).until(() -> true);
            p.terminate(Duration.ofSeconds(60));
        }
    }

    long count(String query) {
        return db.inTransaction(h -> h.createQuery(query).mapTo(Long.class).one());
    }
}
