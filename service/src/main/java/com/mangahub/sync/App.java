package com.mangahub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Role;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.mangadex.MangaDexHttp;
import com.mangahub.sync.mangadex.SharedBudget;
import com.mangahub.sync.notify.channel.ChannelHttp;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.RateBudgetStore;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.HealthCheck;
import com.mangahub.sync.web.HttpServer;
import com.mangahub.sync.web.Routes;
import com.mangahub.sync.web.TrustedProxies;
import com.mangahub.sync.workflow.ClusterRateBudget;
import com.mangahub.sync.workflow.SourceSync;
import com.mangahub.sync.workflow.SyncService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds each role's components with plain constructors, in dependency order, starts them, and
 * closes them in reverse. What every role needs is the {@link Foundation}; sync, notify and api each build theirs in
 * {@link SyncRole}, {@link NotifyRole} and {@link ApiRole} (api also builds the sync side for baselines and manual
 * syncs, and with notify shares {@link Readers} and {@link Channels}). Nothing else news up long-lived components.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    public static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);

    static {
        // before any HTTP client of the JDK exists: channel sends pin plain-http targets to the checked address
        ChannelHttp.allowHostHeader();
    }

    private final Lifecycle lifecycle = new Lifecycle();
    private final Config config;
    private final Clock clock;
    private final ObjectMapper json = jsonMapper();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Foundation foundation;
    private SyncRole sync;
    private NotifyRole notify;
    private HttpServer http;

    private App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts the whole service; on any failure, closes what was started and rethrows. */
    public static App start(Config config, Clock clock) {
        App app = new App(config, clock);
        try {
            app.startComponents();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startComponents() {
        Set<Role> roles = config.operations().roles();
        log.info("starting MangaHub Sync {} as {} with {}", Version.current().version(), labels(roles), config);
        foundation = Foundation.start(config, clock, json, metrics, lifecycle);
        List<HealthCheck> checks = new ArrayList<>(foundation.healthChecks());
        List<Routes> routes = new ArrayList<>();
        boolean api = roles.contains(Role.API);
        if (roles.contains(Role.SYNC) || api) {
            sync = new SyncRole(foundation);
            checks.addAll(sync.healthChecks());
        }
        if (roles.contains(Role.NOTIFY) || api) {
            Readers readers = Readers.start(foundation);
            if (api) routes.addAll(sync.routes(readers.searching()));
            Channels channels = new Channels(foundation);
            if (roles.contains(Role.NOTIFY)) {
                notify = new NotifyRole(foundation, readers, channels);
                routes.add(notify.streams());
            }
            if (api) {
                routes.addAll(new ApiRole(foundation, sync, readers, channels, Optional.ofNullable(notify)).routes());
            }
            checks.add(channels.health());
        }

        // every process answers /health and /metrics, whatever its roles
        http = lifecycle.track(new HttpServer(json, metrics, checks, routes,
                new DatabaseOutage(foundation.supervisor().availability()), config.limits(), foundation.limitMeters(),
                TrustedProxies.of(config.server().trustedProxies())));
        http.start(config.server().bind(), config.server().httpPort());
        // open event streams end before the HTTP server stops, or its graceful stop would wait for them
        if (notify != null) lifecycle.track(notify.streams());
        if (roles.contains(Role.SYNC)) sync.startRecurringWork();
    }

    private static String labels(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::label).toList());
    }

    /**
     * The MangaDex client of any command that talks to MangaDex ({@code serve}, {@code import}, ...): every process on
     * this database draws on one budget, because MangaDex counts per IP, not per process. Building it anywhere else
     * would give that process a budget of its own beside a running {@code serve}.
     */
    public static MangaDexClient mangaDexClient(Config config, Database database, MeterRegistry registry,
                                                ObjectMapper json, Clock clock) {
        return new MangaDexClient(config.mangadex(), registry, json, clock, Sleeper.SYSTEM, budget(config, database));
    }

    /** As above, over the process's one client for MangaDex's hosts. */
    static MangaDexClient mangaDexClient(Config config, Database database, MeterRegistry registry,
                                         ObjectMapper json, Clock clock, MangaDexHttp http) {
        return new MangaDexClient(config.mangadex(), registry, json, clock, Sleeper.SYSTEM, budget(config, database),
                http);
    }

    private static SharedBudget budget(Config config, Database database) {
        return new ClusterRateBudget(new RateBudgetStore(database), config.mangadex());
    }

    /**
     * The service's JSON configuration: java.time types as ISO-8601 text. {@link #start} builds one mapper from it
     * and passes it to every component (Javalin included); a CLI command that runs without the service builds its
     * one mapper here too.
     */
    public static ObjectMapper jsonMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** The sync workflows: the import entry point, and "start tracking" for a followed series. */
    public SyncService sync() {
        return sync == null ? null : sync.sync();
    }

    /** Library sources' sync (tests run it directly instead of waiting for its schedule). */
    public SourceSync sourceSync() {
        return sync == null ? null : sync.sourceSync();
    }

    /** The MangaDex client every workflow must share (one rate gate, one breaker). */
    public MangaDexClient mangaDex() {
        return sync == null ? null : sync.mangaDex();
    }

    /** The UDP port CoAP listens on (the bound one when configured as 0); only with the notify role. */
    public int coapPort() {
        return notify.coapPort();
    }

    public int httpPort() {
        return http.port();
    }

    /** Every HTTP route the service registered: what /openapi.json must describe. */
    public List<HttpServer.Endpoint> httpEndpoints() {
        return http.endpoints();
    }

    public Database database() {
        return foundation.database();
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The one JSON mapper of this process, for a command that talks to the service it started. */
    public ObjectMapper json() {
        return json;
    }

    /** Closes components in reverse start order; one failing to close does not keep the others open. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
