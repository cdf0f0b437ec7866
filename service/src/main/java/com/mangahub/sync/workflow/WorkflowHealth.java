package com.mangahub.sync.workflow;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.QuarantineStore;
import com.mangahub.sync.store.SyncState;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.web.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code /health} entry per workflow from its {@code sync_state} row. A failed run alone is not "down" (the next
 * period retries); a workflow is down when it is in error and its last success is more than three intervals old.
 */
final class WorkflowHealth {
    private final SyncStateStore states;
    private final Config.Sync sync;
    private final Clock clock;

    WorkflowHealth(SyncStateStore states, Config.Sync sync, Clock clock) {
        this.states = states;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * {@code quarantine}: how many chapters could not be stored and the latest of them. A note, never DOWN: the
     * stream went on without them, and an operator looks at them without the process being taken out of service.
     */
    static HealthCheck quarantine(Database db) {
        QuarantineStore store = new QuarantineStore();
        return new HealthCheck("quarantine", () -> db.inTransaction(h -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("chapters", store.count(h));
            store.latest(h).ifPresent(q -> details.put("latest", Map.of("chapter_id", q.mangadexChapterId().toString(),
                    "manga_id", q.mangadexMangaId().toString(), "reason", q.reason(),
                    "last_seen_at", q.lastSeenAt().toString())));
            return HealthCheck.Result.up(details);
        }));
    }

    List<HealthCheck> checks() {
        return List.of(check(InitialImport.WORKFLOW, Duration.ofDays(3650)),
                check(NewMangaPoll.WORKFLOW, sync.newMangaInterval()),
                check(ChapterStream.WORKFLOW, sync.chapterInterval()),
                check(ReconcileSweep.WORKFLOW, sync.reconcileInterval()));
    }

    private HealthCheck check(String workflow, Duration interval) {
        return new HealthCheck("workflow:" + workflow, () -> {
            SyncState s = states.read(workflow);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", s.status());
            s.lastRunAt().ifPresent(t -> details.put("last_run_at", t.toString()));
            s.lastSuccessAt().ifPresent(t -> details.put("last_success_at", t.toString()));
            s.errorMessage().ifPresent(e -> details.put("error", e));
            // a workflow that never succeeded (MangaDex unreachable since start) shows its error but is not "down":
            // the MangaDex check reports reachability, and a fresh service should not fail its health check for it
            boolean stale = s.lastSuccessAt().map(t -> t.plus(interval.multipliedBy(3)).isBefore(clock.instant()))
                    .orElse(false);
            boolean down = "error".equals(s.status()) && stale;
            return down ? HealthCheck.Result.down(details) : HealthCheck.Result.up(details);
        });
    }
}
