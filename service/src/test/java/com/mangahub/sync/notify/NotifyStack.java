package com.mangahub.sync.notify;

import com.mangahub.sync.notify.feed.FeedRoutes;
import com.mangahub.sync.reader.FeedTokens;
import com.mangahub.sync.reader.AccountRoutes;
import com.mangahub.sync.reader.Library;
import com.mangahub.sync.reader.AppTokenRoutes;
import com.mangahub.sync.reader.AppTokens;
import com.mangahub.sync.reader.BrowserSessions;
import com.mangahub.sync.reader.InvitationRoutes;
import com.mangahub.sync.reader.Invitations;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.reader.SessionCookie;
import com.mangahub.sync.reader.SessionRoutes;
import com.mangahub.sync.store.AppTokenStore;
import com.mangahub.sync.store.InvitationStore;
import com.mangahub.sync.store.SessionStore;
import com.mangahub.sync.reader.TrackingStarter;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.reader.UserRoutes;
import com.mangahub.sync.reader.ControlRoutes;
import com.mangahub.sync.reader.Upcoming;
import com.mangahub.sync.reader.UpcomingRoutes;
import com.mangahub.sync.store.ReleaseHistoryStore;
import com.mangahub.sync.reader.ImportRoutes;
import com.mangahub.sync.reader.LibraryImport;
import com.mangahub.sync.reader.SeriesSource;
import com.mangahub.sync.reader.ReaderControls;
import com.mangahub.sync.store.ReaderControlsStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.notify.channel.ChannelHttp;
import com.mangahub.sync.notify.channel.ChannelRoutes;
import com.mangahub.sync.notify.channel.ChannelSender;
import com.mangahub.sync.notify.channel.ChannelTester;
import com.mangahub.sync.notify.channel.TargetGuard;
import com.mangahub.sync.notify.coap.CoapNotifier;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.notify.sse.SseRoutes;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.FeedTokenStore;
import com.mangahub.sync.store.DatabaseSignals;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.web.HttpServer;
import com.mangahub.sync.web.HeapHeadroom;
import com.mangahub.sync.web.LimitMeters;
import com.mangahub.sync.web.SlotCap;
import com.mangahub.sync.reader.ReaderLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The notification side wired as App wires it, on the test PostgreSQL, with HTTP and CoAP on ephemeral loopback
 * ports. Background threads (dispatcher, feed, receipts) run only when {@link #startBackground()} is called, so
 * tests can also drive each {@code runOnce()} themselves.
 */
public final class NotifyStack implements AutoCloseable {
    public static final String ADMIN = "admin-token-for-tests-0123456789";

    public final Database db = PostgresExtension.database();
    public final ObjectMapper json = App.jsonMapper();
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final NotifyMetrics metrics = new NotifyMetrics(registry);
    public final Clock clock;
    public final UserAccounts accounts;
    public final LibraryStore libraryStore = new LibraryStore(db);
    public final NotificationStore notifications = new NotificationStore(db);
    public final ReaderControlsStore controlsStore = new ReaderControlsStore(db);
    public final ReaderControls controls;
    public final OutboxStore outbox = new OutboxStore(db);
    public final NotificationLog log;
    public final NotificationJson wire = new NotificationJson(json);
    public final NotificationFeed feed;
    public final OutboxDispatcher dispatcher;
    public final CoapNotifier coap;
    public final SseRoutes sse;
    public final HttpServer http;
    public final Revocations revocations;
    public final LimitMeters limitMeters;
    public final AppTokens appTokens;
    public final BrowserSessions sessions;
    /** The sessions' limits in tests: long enough never to end one by themselves unless a test's clock moves. */
    public static final Duration SESSION_IDLE = Duration.ofHours(1);
    public static final Duration SESSION_MAX_AGE = Duration.ofDays(1);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final HttpClient client = HttpClient.newHttpClient();

    public NotifyStack(Clock clock, CoapSettings coapSettings, Config.Notify settings, TrackingStarter tracking) {
        this(clock, coapSettings, settings, tracking, Optional.empty());
    }

    public NotifyStack(Clock clock, CoapSettings coapSettings, Config.Notify settings, TrackingStarter tracking,
                       Optional<Duration> tokenMaxAge) {
        this(clock, coapSettings, settings, tracking, tokenMaxAge, TEST_SSE_HEARTBEAT);
    }

    /**
     * With the SSE heartbeat of {@code sseHeartbeat}: tests use {@link #TEST_SSE_HEARTBEAT} so a stream notices a
     * gone client quickly; benchmarks the service's own ({@link App#SSE_HEARTBEAT}), since 10,000 streams beating
     * every 300 ms would write 33,000 comments a second beside the work measured.
     */
    public NotifyStack(Clock clock, CoapSettings coapSettings, Config.Notify settings, TrackingStarter tracking,
                       Optional<Duration> tokenMaxAge, Duration sseHeartbeat) {
        this(clock, coapSettings, settings, tracking, tokenMaxAge, sseHeartbeat, NO_LIMITS);
    }

    /** No per-reader caps, no request rate, no memory admission: what the tests of everything else expect. */
    public static final Config.Limits NO_LIMITS = new Config.Limits(0, 0, 0, 1, 0, 0, 1_000_000,
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** With the limits of {@code limits}, wired as App wires them (one heap estimate, one set of limit meters). */
    public NotifyStack(Clock clock, CoapSettings coapSettings, Config.Notify settings, TrackingStarter tracking,
                       Optional<Duration> tokenMaxAge, Duration sseHeartbeat, Config.Limits limits) {
        this.clock = clock;
        appTokens = new AppTokens(new AppTokenStore(db), clock);
        sessions = new BrowserSessions(new SessionStore(db), clock, SESSION_IDLE, SESSION_MAX_AGE);
        accounts = new UserAccounts(new UserStore(db), appTokens, sessions, clock, tokenMaxAge);
        controls = new ReaderControls(controlsStore, clock);
        limitMeters = new LimitMeters(registry);
        HeapHeadroom headroom = HeapHeadroom.ofThisJvm(limits.heapReservePercent(), limitMeters);
        RequestAuth auth = new RequestAuth(accounts, new Secret(ADMIN), new ReaderLimits(limits, limitMeters),
                SessionCookie.atRoot());
        Upcoming upcoming = new Upcoming(new ReleaseHistoryStore(db), clock);
        log = new NotificationLog(notifications, clock, Duration.ofMillis(50));
        coap = own(new CoapNotifier(coapSettings, accounts, log, wire, metrics, limits.coapObservationsPerReader(),
                headroom, limitMeters).start("127.0.0.1", 0));
        sse = own(new SseRoutes(auth, log, wire, metrics, sseHeartbeat,
                new SlotCap<>(SseRoutes.PER_READER, limits.sseStreamsPerReader(), limitMeters), headroom));
        feed = new NotificationFeed(notifications, Duration.ofMillis(200));
        feed.subscribe(coap::publish);
        feed.subscribe(sse::publish);
        feed.pushesTo(coap::readers);
        feed.pushesTo(sse::readers);
        dispatcher = new OutboxDispatcher(db, outbox, notifications, settings, clock, json, metrics, feed::wake,
                "test-dispatcher", Duration.ofSeconds(30), Duration.ofMillis(200));
        http = own(new HttpServer(json, registry, List.of(), List.of(
                new TriggerRoutes(auth, libraryStore, outbox, json, clock, dispatcher::wake),
                new UserRoutes(auth, accounts, new Library(libraryStore, tracking, clock), controls),
                new ControlRoutes(auth, libraryStore, controls),
                new ImportRoutes(auth, libraryStore, new LibraryImport(libraryStore, catalogueSource(), json, clock), clock),
                new NotificationRoutes(auth, log, wire), new AccountRoutes(auth, accounts), sse,
                new SessionRoutes(auth, accounts, sessions, Optional.empty()), new AppTokenRoutes(auth, appTokens),
                new InvitationRoutes(auth, new Invitations(new InvitationStore(db), clock), sessions,
                        Duration.ofDays(7), Optional.empty()),
                new FeedRoutes(auth, new FeedTokens(new FeedTokenStore(db), clock), log, json, upcoming),
                new UpcomingRoutes(auth, upcoming), channelRoutes(auth),
                new com.mangahub.sync.notify.channel.ChoiceRoutes(auth, new com.mangahub.sync.store.ChannelChoiceStore(db),
                        new ChannelStore(db), libraryStore, json)),
                com.mangahub.sync.web.Outage.NONE, limits, limitMeters).start("127.0.0.1", 0));
        revocations = new Revocations(accounts, List.of(coap, sse), registry);
    }

    /** The channel routes as App wires them, allowing loopback receivers; no delivery worker (tests bring one). */
    private ChannelRoutes channelRoutes(RequestAuth auth) {
        ChannelStore channels = new ChannelStore(db);
        ChannelHttp channelHttp = own(new ChannelHttp(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        TargetGuard guard = new TargetGuard(List.of("127.0.0.1"));
        ChannelSender sender = new ChannelSender(guard, channelHttp, json, clock, java.util.Optional.empty());
        return new ChannelRoutes(auth, channels, new DeliveryStore(db), guard, new ChannelTester(sender, channels, json, clock),
                json, clock, () -> { });
    }

    public static final Duration TEST_SSE_HEARTBEAT = Duration.ofMillis(300);

    public NotifyStack() {
        this(Clock.systemUTC(), CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)), catalogueOnly());
    }

    /** As the service is configured where a test does not need it otherwise: its SSE heartbeat (benchmarks). */
    public static NotifyStack asServed() {
        return new NotifyStack(Clock.systemUTC(), CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                catalogueOnly(), Optional.empty(), App.SSE_HEARTBEAT);
    }

    /** MangaDex as far as the catalogue knows it: no lists, and only the series already stored exist. */
    public SeriesSource catalogueSource() {
        return new SeriesSource() {
            @Override
            public java.util.Optional<List<UUID>> publicList(UUID listId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Set<UUID> addToCatalogue(java.util.Collection<UUID> ids) {
                java.util.Set<UUID> known = new java.util.HashSet<>();
                for (UUID id : ids) libraryStore.findSeries(id).ifPresent(s -> known.add(id));
                return known;
            }
        };
    }

    public static TrackingStarter catalogueOnly() {
        LibraryStore store = new LibraryStore(PostgresExtension.database());
        return id -> store.findSeries(id).isPresent();
    }

    public NotifyStack startBackground() {
        own(log.start());
        own(feed.start());
        own(dispatcher.start());
        // as App wires it: a reader's token rotated, disabled or deleted ends their sessions at once
        own(new DatabaseSignals(db).onPayload(DatabaseSignals.READERS, revocations::signalled).start());
        return this;
    }

    private <T extends AutoCloseable> T own(T component) {
        started.push(component);
        return component;
    }

    /** A series in the catalogue, inserted directly (notify never depends on sync); returns its local id. */
    public long insertManga(UUID mangaDexId, String title) {
        return db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title, tracked_since) "
                        + "values (:id, :slug, :title, now()) returning id")
                .bind("id", mangaDexId)
                .bind("slug", "s-" + mangaDexId)
                .bind("title", title)
                .mapTo(Long.class)
                .one());
    }

    public UserAccounts.NewUser user(String name, String... languages) {
        return accounts.create(name, languages.length == 0 ? List.of("en") : List.of(languages)).orElseThrow();
    }

    public void follow(long userId, long mangaId) {
        libraryStore.follow(userId, mangaId, clock.instant());
    }

    /** Readers created in one statement (the API would take one transaction each), all following the series; their tokens. */
    public List<String> bulkUsersFollowing(int count, long mangaId) throws Exception {
        List<String> tokens = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        List<byte[]> hashes = new java.util.ArrayList<>();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < count; i++) {
            String token = "mh_fanout_" + i + "_" + UUID.randomUUID();
            tokens.add(token);
            names.add("fan" + i);
            hashes.add(sha.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        db.inTransaction(h -> {
            var users = h.prepareBatch("insert into users (name, token_hash) values (:name, :hash)");
            for (int i = 0; i < count; i++) users.bind("name", names.get(i)).bind("hash", hashes.get(i)).add();
            users.execute();
            return h.createUpdate("insert into user_library (user_id, manga_id) select id, :mangaId from users")
                    .bind("mangaId", mangaId).execute();
        });
        return tokens;
    }

    public long count(String sql, Object... args) {
        return db.inTransaction(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) query.bind(i, args[i]);
            return query.mapTo(Long.class).one();
        });
    }

    public HttpResponse<String> send(String method, String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    public String coapUri(String token, Long after) {
        return "coap://127.0.0.1:" + coap.port() + "/notifications?token=" + token + (after == null ? "" : "&after=" + after);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
