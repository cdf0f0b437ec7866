package com.mangahub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Role;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.reader.Library;
import com.mangahub.sync.notify.NotificationFeed;
import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotificationRoutes;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.notify.OutboxDispatcher;
import com.mangahub.sync.notify.Retention;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.reader.TrackingStarter;
import com.mangahub.sync.notify.TriggerRoutes;
import com.mangahub.sync.notify.feed.FeedRoutes;
import com.mangahub.sync.reader.FeedTokens;
import com.mangahub.sync.store.FeedTokenStore;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.reader.UserRoutes;
import com.mangahub.sync.reader.AccountRoutes;
import com.mangahub.sync.notify.Revocations;
import com.mangahub.sync.reader.ControlRoutes;
import com.mangahub.sync.reader.ImportRoutes;
import com.mangahub.sync.reader.LibraryImport;
import com.mangahub.sync.reader.SeriesSource;
import com.mangahub.sync.reader.SourceRoutes;
import com.mangahub.sync.reader.SourceSyncs;
import com.mangahub.sync.reader.SyncKeys;
import com.mangahub.sync.reader.SyncYomiRoutes;
import com.mangahub.sync.mangadex.AuthServer;
import com.mangahub.sync.store.SecretBox;
import com.mangahub.sync.store.SourceStore;
import com.mangahub.sync.store.SyncContentStore;
import com.mangahub.sync.workflow.SourceSync;
import com.mangahub.sync.mangadex.CustomList;
import com.mangahub.sync.reader.ReaderControls;
import com.mangahub.sync.notify.channel.ChannelHttp;
import com.mangahub.sync.notify.channel.ChannelRoutes;
import com.mangahub.sync.notify.channel.ChannelSender;
import com.mangahub.sync.notify.channel.EmailSender;
import com.mangahub.sync.notify.channel.ChannelTester;
import com.mangahub.sync.notify.channel.DeliveryPolicy;
import com.mangahub.sync.notify.channel.DeliveryWorker;
import com.mangahub.sync.notify.channel.TargetGuard;
import com.mangahub.sync.notify.coap.CoapNotifier;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.notify.sse.SseRoutes;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.mangadex.SharedBudget;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.mangadex.CoverImages;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.workflow.ClusterRateBudget;
import com.mangahub.sync.workflow.CoverRoutes;
import com.mangahub.sync.workflow.SyncService;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.DatabaseAvailability;
import com.mangahub.sync.store.DatabaseSignals;
import com.mangahub.sync.store.DatabaseSupervisor;
import com.mangahub.sync.store.RateBudgetStore;
import com.mangahub.sync.store.RetentionStore;
import com.mangahub.sync.store.ProcessHeartbeats;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.ReaderControlsStore;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.store.StoreException;
import com.mangahub.sync.store.SyncState;
import com.mangahub.sync.store.SyncStateStore;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.AdminStatusRoutes;
import com.mangahub.sync.web.HealthCheck;
import com.mangahub.sync.web.StatusSection;
import com.mangahub.sync.web.HttpServer;
import com.mangahub.sync.web.RolesHealth;
import com.mangahub.sync.web.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with plain constructors, in dependency order, starts them, and
 * closes them in reverse. Nothing else news up long-lived components.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final Duration RECEIPT_INTERVAL = Duration.ofMillis(200);
    public static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration FEED_POLL = Duration.ofSeconds(1);
    private static final Duration OUTBOX_LEASE = Duration.ofSeconds(30);
    private static final Duration OUTBOX_POLL = Duration.ofMillis(500);
    /** Retention looks for rows past their cutoff this often; a backlog is drained in back-to-back batches. */
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);
    /**
     * Every open SSE stream and CoAP observation is checked against its reader's current token this often: what
     * ends a session whose token expired, or whose revocation signal was lost with the listening connection.
     */
    private static final Duration REVOCATION_SWEEP = Duration.ofMinutes(1);

    private static final Duration CHANNEL_POLL = Duration.ofMillis(500);

    static {
        // before any HTTP client of the JDK exists: channel sends pin plain-http targets to the checked address
        ChannelHttp.allowHostHeader();
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Config config;
    private final Clock clock;
    private final ObjectMapper json = jsonMapper();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Database database;
    private HttpServer http;
    private Secret adminToken;
    private CoapNotifier coap;
    private SseRoutes notificationStreams;
    private MangaDexClient mangaDex;
    private SyncService sync;
    /** Who is a reader: set when the notification side is built, read by the catalogue search. */
    private volatile RequestAuth readers;
    private NotifyMetrics notifyMetrics;
    private ChannelHttp channelHttp;
    private DeliveryWorker deliveryWorker;
    private SourceSync sourceSync;
    private SecretBox secrets;

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
        bindJvmMetrics();
        adminToken = config.server().adminToken().orElseGet(() -> generatedAdminToken(config.storage().dataDir()));
        database = track(Database.open(config.storage()));
        DatabaseSupervisor supervisor = database.supervise(clock);
        // before anything else uses the database, so a death is noticed (and an embedded server restarted) whoever
        // is using it; closed before the database, so nothing restarts what shutdown stops
        track(new PeriodicLoop("db-supervisor", DatabaseSupervisor.INTERVAL, Sleeper.SYSTEM, supervisor::runOnce).start());
        bindDatabaseMetrics(supervisor);

        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new HealthCheck("database", () -> databaseHealth(supervisor)));
        checks.add(RolesHealth.check(roles, startHeartbeat(roles)::servedBy));
        List<Routes> routes = new ArrayList<>();
        // api takes a follow's baseline and runs manual syncs itself, through the one cluster-wide MangaDex budget
        if (roles.contains(Role.SYNC) || roles.contains(Role.API)) {
            startMangaDex(checks);
            buildSync(checks, roles.contains(Role.API) ? routes : new ArrayList<>());
        }
        if (roles.contains(Role.NOTIFY) || roles.contains(Role.API)) {
            routes.addAll(startNotifications(this::startTracking, roles, checks));
        }
        if (roles.contains(Role.API)) {
            routes.add(new AdminStatusRoutes(new AdminGate(adminToken), statusSections()));
            routes.add(new CoverRoutes(new CatalogueQueries(database), track(new CoverImages(config.mangadex())),
                    config.storage().dataDir().resolve("covers")));
            routes.add(new com.mangahub.sync.workflow.VocabularyRoutes(new com.mangahub.sync.store.VocabularyQueries(database)));
        }

        // every process answers /health and /metrics, whatever its roles
        http = track(new HttpServer(json, metrics, checks, routes, new DatabaseOutage(supervisor.availability())));
        http.start(config.server().bind(), config.server().httpPort());
        // open event streams end before the HTTP server stops, or its graceful stop would wait for them
        if (notificationStreams != null) track(notificationStreams);
        if (roles.contains(Role.SYNC)) startSync();
    }

    /**
     * The database entry of /health: down at once (no query) while the supervisor's flag says so, with why and since
     * when; otherwise a ping. Outages and restarts so far are shown either way.
     */
    private HealthCheck.Result databaseHealth(DatabaseSupervisor supervisor) {
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
    private void bindDatabaseMetrics(DatabaseSupervisor supervisor) {
        DatabaseAvailability availability = supervisor.availability();
        io.micrometer.core.instrument.Gauge.builder("mangahub_database_up", availability, a -> a.up() ? 1 : 0)
                .description("1 while the database is usable, 0 during an outage").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("mangahub_database_outages", availability,
                a -> a.state().outages()).description("outages noticed since start").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("mangahub_database_restarts", supervisor,
                DatabaseSupervisor::restarts).description("restarts of the embedded PostgreSQL").register(metrics);
    }

    /**
     * This process's heartbeat: written once before anything answers (so /health counts this process at once),
     * then every few seconds; deleted on a clean stop, after the loop has ended, so the roles it served show as
     * missing at once rather than when the row goes stale.
     */
    private ProcessHeartbeats startHeartbeat(Set<Role> roles) {
        String host = hostName();
        String processId = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        ProcessHeartbeats heartbeats = new ProcessHeartbeats(database, processId, roles, host, clock.instant());
        heartbeats.beat();
        track(heartbeats::leave);
        track(new PeriodicLoop("heartbeat", ProcessHeartbeats.BEAT, Sleeper.SYSTEM, heartbeats::beat).start());
        return heartbeats;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static String labels(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::label).toList());
    }

    /** Memory, GC, threads, CPU and uptime of this JVM on /metrics: what an operator watches first. */
    private void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(metrics);
        track(new JvmGcMetrics()).bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
    }

    // The sync workflows: import, new-manga poll, chapter stream, reconcile, manual sync, jobs.
    private void buildSync(List<HealthCheck> checks, List<Routes> routes) {
        sync = new SyncService(database, mangaDex, config, clock, metrics, json, Sleeper.SYSTEM);
        AuthServer authServer = track(new AuthServer(config.sources().tokenUrl(), config.mangadex().requestTimeout(),
                json, metrics));
        sourceSync = sync.sources(sourceStore(), mangaDex, authServer, config.sources().interval());
        checks.addAll(sync.healthChecks());
        routes.addAll(sync.routes(adminToken, ctx -> readers != null && readers.signedIn(ctx)));
    }

    /** Recurring work starts once HTTP is up, and stops before HTTP, the client and the database close. */
    private void startSync() {
        track(sync);
        sync.start();
    }

    /** The sync workflows: the import entry point, and "start tracking" for a followed series. */
    public SyncService sync() {
        return sync;
    }

    // Readers and notifications: accounts, libraries, outbox dispatcher, feed, CoAP and SSE push.

    /**
     * Starts the notification side this process's roles ask for and returns its HTTP routes: notify delivers (the
     * dispatcher, the feed, CoAP and SSE push, retention), api answers (triggers, users and libraries, the log).
     * Triggers wake the local dispatcher when there is one; any other instance's wakes through the database.
     */
    private List<Routes> startNotifications(TrackingStarter tracking, Set<Role> roles, List<HealthCheck> checks) {
        notifyMetrics = new NotifyMetrics(metrics);
        UserAccounts accounts = new UserAccounts(new UserStore(database), clock, config.server().tokenMaxAge());
        LibraryStore libraryStore = new LibraryStore(database);
        NotificationStore notificationStore = new NotificationStore(database);
        OutboxStore outbox = new OutboxStore(database);
        RequestAuth auth = new RequestAuth(accounts, adminToken);
        readers = auth;
        NotificationJson wire = new NotificationJson(json);
        NotificationLog notificationLog = track(new NotificationLog(notificationStore, clock, RECEIPT_INTERVAL).start());
        List<Routes> routes = new ArrayList<>();
        Runnable wakeDispatcher = () -> { };
        if (roles.contains(Role.NOTIFY)) {
            coap = track(new CoapNotifier(CoapSettings.defaults(), accounts, notificationLog, wire, notifyMetrics)
                    .start(config.server().bind(), config.server().coapPort()));
            notificationStreams = new SseRoutes(auth, notificationLog, wire, notifyMetrics, SSE_HEARTBEAT);
            deliveryWorker = track(new DeliveryWorker(new DeliveryStore(database), new ChannelStore(database),
                    channelSender(), DeliveryPolicy.defaults(), clock, new SecureRandom(), notifyMetrics,
                    "channels-" + UUID.randomUUID(), CHANNEL_POLL).start());
            NotificationFeed feed = track(new NotificationFeed(notificationStore, FEED_POLL));
            feed.subscribe(coap::publish);
            feed.subscribe(notificationStreams::publish);
            feed.start();
            OutboxDispatcher dispatcher = track(new OutboxDispatcher(database, outbox, notificationStore,
                    config.notifications(), clock, json, notifyMetrics, feed::wake, "dispatcher-" + UUID.randomUUID(),
                    OUTBOX_LEASE, OUTBOX_POLL).start());
            track(new PeriodicLoop("retention", RETENTION_INTERVAL, Sleeper.SYSTEM, new Retention(
                    new RetentionStore(database), config.operations().retention(), clock, metrics, Retention.BATCH)).start());
            Revocations revocations = new Revocations(accounts, List.of(coap, notificationStreams), metrics);
            track(new PeriodicLoop("revocations", REVOCATION_SWEEP, Sleeper.SYSTEM, revocations).start());
            // events and notifications committed by any instance (this one included) wake the dispatcher and the
            // feed; a reader's token rotated, or the reader disabled or deleted, ends their sessions here at once
            track(new DatabaseSignals(database).on(DatabaseSignals.OUTBOX, dispatcher::wake)
                    .on(DatabaseSignals.NOTIFICATIONS, feed::wake)
                    .on(DatabaseSignals.NOTIFICATIONS, deliveryWorker::wake)
                    .onPayload(DatabaseSignals.READERS, revocations::signalled).start());
            wakeDispatcher = dispatcher::wake;
            routes.add(notificationStreams);
        }
        if (roles.contains(Role.API)) {
            routes.add(new TriggerRoutes(auth, libraryStore, outbox, json, clock, wakeDispatcher));
            ReaderControls controls = new ReaderControls(new ReaderControlsStore(database), clock);
            routes.add(new UserRoutes(auth, accounts, new Library(libraryStore, tracking, clock), controls));
            routes.add(new AccountRoutes(auth, accounts));
            routes.add(new ControlRoutes(auth, libraryStore, controls));
            routes.add(new ImportRoutes(auth, libraryStore, new LibraryImport(libraryStore, seriesSource(), json, clock),
                    clock));
            routes.addAll(librarySources(auth, libraryStore));
            routes.add(new NotificationRoutes(auth, notificationLog, wire));
            routes.add(new FeedRoutes(auth, new FeedTokens(new FeedTokenStore(database), clock), notificationLog, json));
            DeliveryWorker worker = deliveryWorker;
            ChannelStore channels = new ChannelStore(database);
            routes.add(new ChannelRoutes(auth, channels, new DeliveryStore(database), targetGuard(),
                    new ChannelTester(channelSender(), channels, json, clock), json, clock,
                    worker == null ? () -> { } : worker::wake));
        }
        checks.add(channelHealth());
        return routes;
    }

    /**
     * Library sources and the SyncYomi endpoint: what a source adds goes through the same import path as a library
     * file, so it is live at once. Syncs run on the sync side ({@code sourceSync}), which every api process builds.
     */
    private List<Routes> librarySources(RequestAuth auth, LibraryStore libraryStore) {
        SourceSyncs syncs = id -> sourceSync.syncNow(id);
        SyncContentStore contents = new SyncContentStore(database);
        SyncKeys keys = new SyncKeys(auth, contents, clock);
        return List.of(new SourceRoutes(auth, sourceStore(), syncs, clock), keys,
                new SyncYomiRoutes(keys, contents, new LibraryImport(libraryStore, seriesSource(), json, clock), clock));
    }

    /** The store of library sources, sealing their secrets with the key kept outside the database. */
    private SourceStore sourceStore() {
        if (secrets == null) secrets = SecretBox.load(config.storage().dataDir(), config.sources().secretKey());
        return new SourceStore(database, secrets);
    }

    /** The guard every channel URL passes, at creation and before every send. */
    private TargetGuard targetGuard() {
        return new TargetGuard(config.channels().allowPrivateTargets());
    }

    /** One HTTP client for every channel send and test of this process. */
    private ChannelSender channelSender() {
        if (channelHttp == null) {
            channelHttp = track(new ChannelHttp(config.channels().connectTimeout(), config.channels().requestTimeout()));
        }
        // email only with an operator's SMTP server configured; without it the kind is refused at creation
        var email = config.channels().smtp().map(smtp -> new EmailSender(smtp, config.channels().connectTimeout(),
                config.channels().requestTimeout()));
        return new ChannelSender(targetGuard(), channelHttp, json, clock, config.channels().publicUrl(), email);
    }

    /**
     * Paused channels and dead deliveries on /health: UP with the counts and the latest reasons, not WARN, because
     * a reader's broken Discord webhook is for that reader to fix, not a fault of the service.
     */
    private HealthCheck channelHealth() {
        ChannelStore channels = new ChannelStore(database);
        DeliveryStore deliveries = new DeliveryStore(database);
        return new HealthCheck("channels", () -> {
            ChannelStore.PausedSummary paused = channels.paused(5);
            DeliveryStore.Totals totals = deliveries.totals();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("paused_channels", paused.paused());
            details.put("recent_pauses", paused.recentReasons());
            details.put("pending_deliveries", totals.pending());
            details.put("dead_deliveries", totals.dead());
            return HealthCheck.Result.up(details);
        });
    }

    /** What the operator's status page shows beyond /health; every value from the component that owns it. */
    private List<StatusSection> statusSections() {
        SyncStateStore states = new SyncStateStore(database);
        RateBudgetStore budget = new RateBudgetStore(database);
        OutboxStore outbox = new OutboxStore(database);
        return List.of(
                new StatusSection("workflows", () -> states.all().stream().map(App::workflowStatus).toList()),
                new StatusSection("mangadex", () -> {
                    RateBudgetStore.Gate gate = budget.gate();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("breaker", mangaDex.breakerState());
                    out.put("rate_per_second", config.mangadex().rate());
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
                        .map(App::failureStatus).toList(), "push", notifyMetrics.deliveries())),
                // an api-only process holds no event streams: the notify processes do
                new StatusSection("push", () -> Map.of("sse_clients",
                        notificationStreams == null ? 0 : notificationStreams.clients())));
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

    /**
     * Following a series nothing tracks yet starts its tracking through the sync side; notify only sees this
     * function, so it never depends on sync. A series MangaDex does not know is "not found", not an error.
     */
    private boolean startTracking(UUID mangaDexId) {
        try {
            sync.tracking().start(mangaDexId);
            return true;
        } catch (MangaDexException.NotFound unknownSeries) {
            return false;
        }
    }

    /**
     * What a library import asks of MangaDex, through the sync side; a MangaDex that cannot answer now is
     * "unavailable" (the import is retried), never a 500.
     */
    private SeriesSource seriesSource() {
        return new SeriesSource() {
            @Override
            public Optional<List<UUID>> publicList(UUID listId) {
                try {
                    return sync.lookup().publicList(listId).map(CustomList::mangaIds);
                } catch (MangaDexException e) {
                    throw new SeriesSource.Unavailable(e.getMessage(), e);
                }
            }

            @Override
            public Set<UUID> addToCatalogue(Collection<UUID> ids) {
                try {
                    return sync.lookup().addToCatalogue(ids);
                } catch (MangaDexException e) {
                    throw new SeriesSource.Unavailable(e.getMessage(), e);
                }
            }
        };
    }

    /** The UDP port CoAP listens on (the bound one when configured as 0); only with the notify role. */
    public int coapPort() {
        return coap.port();
    }

    // The MangaDex client: one instance for the whole process, because the rate budget is per IP.
    private void startMangaDex(List<HealthCheck> checks) {
        mangaDex = track(mangaDexClient(config, database, metrics, json, clock));
        checks.add(new HealthCheck("mangadex", () -> mangaDex.reachable()
                ? HealthCheck.Result.up(Map.of("breaker", mangaDex.breakerState()))
                : HealthCheck.Result.down(Map.of("breaker", mangaDex.breakerState()))));
    }

    /**
     * The MangaDex client of any command that talks to MangaDex ({@code serve}, {@code import}, ...): every process on
     * this database draws on one budget, because MangaDex counts per IP, not per process. Building it anywhere else
     * would give that process a budget of its own beside a running {@code serve}.
     */
    public static MangaDexClient mangaDexClient(Config config, Database database, MeterRegistry registry,
                                                ObjectMapper json, Clock clock) {
        SharedBudget budget = new ClusterRateBudget(new RateBudgetStore(database), config.mangadex());
        return new MangaDexClient(config.mangadex(), registry, json, clock, Sleeper.SYSTEM, budget);
    }

    /** Library sources' sync (tests run it directly instead of waiting for its schedule). */
    public SourceSync sourceSync() {
        return sourceSync;
    }

    /** The MangaDex client every workflow must share (one rate gate, one breaker). */
    public MangaDexClient mangaDex() {
        return mangaDex;
    }

    private <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
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

    /**
     * The service's JSON configuration: java.time types as ISO-8601 text. {@link #start} builds one mapper from it
     * and passes it to every component (Javalin included); a CLI command that runs without the service builds its
     * one mapper here too.
     */
    public static ObjectMapper jsonMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public int httpPort() {
        return http.port();
    }

    /** Every HTTP route the service registered: what /openapi.json must describe. */
    public List<HttpServer.Endpoint> httpEndpoints() {
        return http.endpoints();
    }

    public Database database() {
        return database;
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
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
