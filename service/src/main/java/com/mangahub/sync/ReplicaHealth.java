package com.mangahub.sync;

import com.mangahub.sync.store.ReadReplica;
import com.mangahub.sync.web.HealthCheck;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read replica on {@code /health} and {@code /metrics}: which server serves the lag-tolerant reads now, and why
 * not the replica when it does not. A replica out of use is WARN, never DOWN: every read still succeeds on the
 * primary.
 */
final class ReplicaHealth {
    private ReplicaHealth() {}

    static HealthCheck check(ReadReplica replica) {
        return new HealthCheck("database_replica", () -> {
            ReadReplica.State state = replica.state();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("replica", replica.description());
            details.put("reads_from", state.inUse() ? "replica" : "primary");
            state.lag().ifPresent(lag -> details.put("lag_ms", lag.toMillis()));
            details.put("max_lag_ms", replica.maxLag().toMillis());
            details.put("since", state.since().toString());
            if (!state.inUse()) details.put("reason", state.reason());
            details.put("reads_on_replica", replica.servedByReplica());
            details.put("reads_on_primary", replica.servedByPrimary());
            details.put("fallbacks", replica.fallbacks());
            return state.inUse() ? HealthCheck.Result.up(details) : HealthCheck.Result.warn(details);
        });
    }

    static void bindMetrics(MeterRegistry metrics, ReadReplica replica) {
        Gauge.builder("mangahub_database_replica_in_use", replica, r -> r.state().inUse() ? 1 : 0)
                .description("1 while lag-tolerant reads go to the read replica, 0 while they go to the primary")
                .register(metrics);
        Gauge.builder("mangahub_database_replica_lag_seconds", replica,
                        r -> r.state().lag().map(lag -> lag.toMillis() / 1000.0).orElse(Double.NaN))
                .description("how far behind the primary the read replica was at the last look (NaN: unknown)")
                .register(metrics);
        FunctionCounter.builder("mangahub_database_replica_reads", replica, ReadReplica::servedByReplica)
                .tag("served_by", "replica").description("lag-tolerant reads").register(metrics);
        FunctionCounter.builder("mangahub_database_replica_reads", replica, ReadReplica::servedByPrimary)
                .tag("served_by", "primary").description("lag-tolerant reads").register(metrics);
        FunctionCounter.builder("mangahub_database_replica_fallbacks", replica, ReadReplica::fallbacks)
                .description("times the read replica went out of use").register(metrics);
    }
}
