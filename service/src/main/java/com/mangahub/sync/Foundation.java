package com.mangahub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Role;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.mangadex.MangaDexHttp;
import com.mangahub.sync.periodic.LoopRegistry;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.DatabaseAvailability;
import com.mangahub.sync.store.DatabaseSupervisor;
import com.mangahub.sync.store.ProcessHeartbeats;
import com.mangahub.sync.store.ReadReplica;
import com.mangahub.sync.store.StoreException;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.HealthCheck;
import com.mangahub.sync.web.HeapHeadroom;
import com.mangahub.sync.web.LimitMeters;
import com.mangahub.sync.web.RolesHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every role builds on, whatever the roles: the configuration, clock, JSON mapper and metrics, the admin token,
 * the database with its supervisor, this process's heartbeat and its one HTTP client for MangaDex's hosts. Everything
 * started is tracked by the lifecycle.
 */
record Foundation(Config config, Clock clock, ObjectMapper json, PrometheusMeterRegistry metrics, Lifecycle lifecycle,
                  Secret adminToken, Database database, DatabaseSupervisor supervisor, ProcessHeartbeats heartbeats,
                  LimitMeters limitMeters, HeapHeadroom headroom, MangaDexHttp mangaDexHttp) {
    private static final Logger log = LoggerFactory.getLogger(Foundation.class);

    static Foundation start(Config config, Clock clock, ObjectMapper json, PrometheusMeterRegistry metrics,
                            Lifecycle lifecycle) {
        bindJvmMetrics(metrics, lifecycle);
        LimitMeters limitMeters = new LimitMeters(metrics);
        // one estimate of the heap for every edge that admits by memory (SSE streams, CoAP observations)
        HeapHeadroom headroom = HeapHeadroom.ofThisJvm(config.limits().heapReservePercent(), limitMeters);
        Secret adminToken = config.server().adminToken()
                .orElseGet(() -> generatedAdminToken(config.storage().dataDir()));
        // only the api role reads pages; other processes need no pool on the replica nor its lag
        Database database = lifecycle.track(config.operations().roles().contains(Role.API)
                ? Database.open(config.storage(), clock) : Database.open(config.storage()));
        DatabaseSupervisor supervisor = database.supervise(clock);
        // before anything else uses the database, so a death is noticed (and an embedded server restarted) whoever
        // is using it; closed before the database, so nothing restarts what shutdown stops
        lifecycle.track(new PeriodicLoop("db-supervisor", DatabaseSupervisor.INTERVAL, Sleeper.SYSTEM,
                supervisor::runOnce).start());
        bindDatabaseMetrics(metrics, supervisor);
        // the replica's lag is looked at on a loop of its own: a standby that hangs never delays the supervisor
        database.replica().ifPresent(replica -> {
            lifecycle.track(new PeriodicLoop("db-replica", ReadReplica.INTERVAL, Sleeper.SYSTEM, replica::runOnce)
                    .start());
            ReplicaHealth.bindMetrics(metrics, replica);
        });
        ProcessHeartbeats heartbeats = startHeartbeat(database, config.operations().roles(), clock, lifecycle);
        // one HTTP client for MangaDex's hosts (API, covers, auth server), closed after every role that uses it
        MangaDexHttp mangaDexHttp = lifecycle.track(new MangaDexHttp(config.mangadex().connectTimeout()));
        return new Foundation(config, clock, json, metrics, lifecycle, adminToken, database, supervisor, heartbeats,
                limitMeters, headroom, mangaDexHttp);
    }

    <T extends AutoCloseable> T track(T component) {
        return lifecycle.track(component);
    }

    Set<Role> roles() {
        return config.operations().roles();
    }

    /** The entries of /health every process has: its database, which roles the cluster serves, its loops. */
    List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new java.util.ArrayList<>(List.of(new HealthCheck("database", this::databaseHealth),
                RolesHealth.check(roles(), heartbeats::servedBy),
                new HealthCheck("background_loops", Foundation::loopsHealth)));
        database.replica().ifPresent(replica -> checks.add(ReplicaHealth.check(replica)));
        return checks;
    }

    /**
     * DOWN, naming it, when a background loop's thread ended by itself (an Error): crash-only ends the process right
     * after, and this is what /health says in the meantime, or for ever in a JVM without that handler.
     */
    private static HealthCheck.Result loopsHealth() {
        Map<String, String> dead = LoopRegistry.dead();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", LoopRegistry.running() - dead.size());
        if (dead.isEmpty()) return HealthCheck.Result.up(details);
        details.put("stopped", dead);
        return HealthCheck.Result.down(details);
    }

    /**
     * The database entry of /health: down at once (no query) while the supervisor's flag says so, with why and since
     * when; otherwise a ping. Outages and restarts so far are shown either way.
     */
    private HealthCheck.Result databaseHealth() {
        DatabaseAvailability.State state = supervisor.availability().state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", database.description());
        details.put("outages", state.outages());
        details.put("restarts", supervisor.restarts());
        state.lastOutage().ifPresent(d -> details.put("last_outage_ms", d.toMillis()));
        if (!state.up()) {
            details.put("down_since", state.since().toString());
            details.put("reason", state.reason());
            return HealthCheck.Result.down(details);
        }
        return database.ping() ? HealthCheck.Result.up(details) : HealthCheck.Result.down(details);
    }

    /** Whether the database is usable, its outages and the embedded server's restarts, on /metrics. */
    private static void bindDatabaseMetrics(PrometheusMeterRegistry metrics, DatabaseSupervisor supervisor) {
        DatabaseAvailability availability = supervisor.availability();
        Gauge.builder("mangahub_database_up", availability, a -> a.up() ? 1 : 0)
                .description("1 while the database is usable, 0 during an outage").register(metrics);
        FunctionCounter.builder("mangahub_database_outages", availability, a -> a.state().outages())
                .description("outages noticed since start").register(metrics);
        FunctionCounter.builder("mangahub_database_restarts", supervisor, DatabaseSupervisor::restarts)
                .description("restarts of the embedded PostgreSQL").register(metrics);
    }

    /** Memory, GC, threads, CPU and uptime of this JVM on /metrics: what an operator watches first. */
    private static void bindJvmMetrics(PrometheusMeterRegistry metrics, Lifecycle lifecycle) {
        new JvmMemoryMetrics().bindTo(metrics);
        lifecycle.track(new JvmGcMetrics()).bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
    }

    /**
     * This process's heartbeat: written once before anything answers (so /health counts this process at once),
     * then every few seconds; deleted on a clean stop, after the loop has ended, so the roles it served show as
     * missing at once rather than when the row goes stale.
     */
    private static ProcessHeartbeats startHeartbeat(Database database, Set<Role> roles, Clock clock,
                                                    Lifecycle lifecycle) {
        String host = hostName();
        String processId = host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        ProcessHeartbeats heartbeats = new ProcessHeartbeats(database, processId, roles, host, clock.instant());
        heartbeats.beat();
        lifecycle.track(heartbeats::leave);
        lifecycle.track(new PeriodicLoop("heartbeat", ProcessHeartbeats.BEAT, Sleeper.SYSTEM, heartbeats::beat)
                .start());
        return heartbeats;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Without MANGAHUB_ADMIN_TOKEN, a random token is made once and kept in the data directory (owner-only), so
     * mutating endpoints are never open by default. Its value is never logged, only where it is.
     */
    private static Secret generatedAdminToken(Path dataDir) {
        Path file = dataDir.resolve("admin-token");
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                log.info("generated an admin token in {} (set MANGAHUB_ADMIN_TOKEN to choose your own)", file);
            }
            return new Secret(Files.readString(file).strip());
        } catch (IOException e) {
            throw new StoreException("cannot read or create the admin token file " + file + ": " + e.getMessage(), e);
        }
    }
}
