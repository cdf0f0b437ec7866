package com.mangahub.sync;

import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.RateBudgetStore;
import com.mangahub.sync.store.SyncState;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.web.StatusSection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the operator's status page shows beyond /health; every value from the component that owns it. */
record AdminStatus(Foundation foundation, MangaDexClient mangaDex, NotifyMetrics notifyMetrics,
                   Optional<NotifyRole> notifyRole) {

    List<StatusSection> sections() {
        var database = foundation.database();
        var clock = foundation.clock();
        SyncStateStore states = new SyncStateStore(database);
        RateBudgetStore budget = new RateBudgetStore(database);
        OutboxStore outbox = new OutboxStore(database);
        return List.of(
                new StatusSection("workflows", () -> states.all().stream().map(AdminStatus::workflowStatus).toList()),
                new StatusSection("mangadex", () -> {
                    RateBudgetStore.Gate gate = budget.gate();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("breaker", mangaDex.breakerState());
                    out.put("rate_per_second", foundation.config().mangadex().rate());
                    out.put("gate_open", !gate.closedUntil().isAfter(clock.instant()));
                    out.put("gate_closed_until", gate.closedUntil().equals(Instant.EPOCH) ? null : gate.closedUntil());
                    out.put("gate_reason", gate.reason());
                    return out;
                }),
                new StatusSection("outbox", () -> {
                    OutboxStore.Backlog backlog = outbox.backlog(clock.instant());
                    return Map.of("depth", backlog.depth(), "oldest_age_seconds", backlog.oldestAge().toSeconds(),
                            "dead", backlog.dead());
                }),
                new StatusSection("delivery_failures", () -> Map.of("outbox", outbox.failures(20).stream()
                        .map(AdminStatus::failureStatus).toList(), "push", notifyMetrics.deliveries())),
                // an api-only process holds no event streams: the notify processes do
                new StatusSection("push", () -> Map.of("sse_clients",
                        notifyRole.map(n -> n.streams().clients()).orElse(0))));
    }

    private static Map<String, Object> workflowStatus(SyncState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow", s.workflow());
        out.put("state", s.status());
        out.put("last_run_at", s.lastRunAt().orElse(null));
        out.put("last_success_at", s.lastSuccessAt().orElse(null));
        out.put("error", s.errorMessage().orElse(null));
        return out;
    }

    private static Map<String, Object> failureStatus(OutboxStore.Failure f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", f.id());
        out.put("type", f.type());
        out.put("status", f.status());
        out.put("attempts", f.attempts());
        out.put("last_error", f.lastError());
        out.put("created_at", f.createdAt());
        out.put("next_attempt_at", "dead".equals(f.status()) ? null : f.availableAt());
        return out;
    }
}
