package com.mangahub.sync.simulator;

import com.mangahub.sync.time.Sleeper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MangaDex simulator: an HTTP server on {@link #baseUri()} answering like api.mangadex.org from its
 * {@link #world()}, with rate limiting, faults and statistics. Start with {@link #start(SimulatorOptions)}, stop with
 * {@link #close()}.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorOptions options;
    private final World world;
    private final TrafficLog traffic = new TrafficLog();
    private final Gate gate;
    private final RequestPipeline pipeline;
    private final String adminToken;
    private final Javalin app;
    private final Accounts accounts;
    private ScheduledExecutorService liveTicker;

    private Simulator(SimulatorOptions options, World world) {
        this.options = options;
        this.world = world;
        this.gate = new Gate(new ClientLimits(options.ratePerSecond(), options.banAfter(), options.banDuration()), traffic);
        this.pipeline = new RequestPipeline(world, gate, traffic, options, Sleeper.SYSTEM);
        this.adminToken = options.adminToken() != null ? options.adminToken() : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
        });
        this.accounts = new Accounts(world.clock());
        // before /manga/{id}: Javalin matches routes in the order they were added
        userRoutes(new UserRoutes(world, accounts));
        new AuthRoutes(accounts).register(app);
        routes(new ApiRoutes(world, options.defaultContentRatings().stream().map(ContentRating::fromWire).collect(Collectors.toSet())));
        new AdminRoutes(this, adminToken).register(app);
        new CoverImages(world).register(app);
    }

    /** Generates (or loads) the world, then listens; the world is built before the first request can arrive. */
    public static Simulator start(SimulatorOptions options) {
        Objects.requireNonNull(options, "options");
        long begin = System.nanoTime();
        World world = World.generate(options.seed(), options.mangaCount(), options.chapterCount(), options.clock());
        for (Path fixture : options.fixtures()) {
            if (Files.isDirectory(fixture)) world.loadFixtures(fixture); else world.loadFixture(fixture);
        }
        Simulator simulator = new Simulator(options, world);
        try {
            simulator.app.start(options.bind(), options.port());
        } catch (RuntimeException e) {
            simulator.app.stop(); // e.g. the port is taken: release what Javalin started, then report
            throw e;
        }
        if (options.live()) simulator.startLive();
        log.info("MangaDex simulator on {}: {} manga, {} chapters, built in {} ms", simulator.baseUri(),
                world.mangaCount(), world.chapterCount(), (System.nanoTime() - begin) / 1_000_000);
        return simulator;
    }

    private void routes(ApiRoutes api) {
        get("/manga", q -> api.mangaList(q));
        get("/manga/{id}", (q, id) -> api.manga(q, id));
        get("/manga/{id}/feed", (q, id) -> api.feed(q, id));
        get("/manga/{id}/aggregate", (q, id) -> api.aggregate(q, id));
        get("/chapter", q -> api.chapterList(q));
        get("/chapter/{id}", (q, id) -> api.chapter(q, id));
        get("/cover/{id}", (q, id) -> api.cover(q, id));
        get("/list/{id}", (q, id) -> api.customList(q, id));
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/_sim/") || ctx.path().startsWith("/covers/") || ctx.res().isCommitted()) return;
            pipeline.handle(ctx, "unknown", q -> {
                throw MangaDexError.notFound("No route found for \"" + ctx.method() + " " + ctx.path() + "\"");
            });
        });
    }

    /** The logged-in user's endpoints: through the same pipeline (rate limit, faults, statistics) as the rest. */
    private void userRoutes(UserRoutes user) {
        app.get("/user/follows/manga", ctx -> pipeline.handle(ctx, "/user/follows/manga",
                q -> user.follows(q, ctx.header("Authorization"))));
        app.get("/manga/read", ctx -> pipeline.handle(ctx, "/manga/read",
                q -> user.readMarkers(q, ctx.header("Authorization"))));
        app.get("/manga/status", ctx -> pipeline.handle(ctx, "/manga/status",
                q -> user.statuses(q, ctx.header("Authorization"))));
        app.post("/manga/{id}/read", ctx -> pipeline.handle(ctx, "/manga/{id}/read",
                q -> user.markRead(ctx.pathParam("id"), ctx.header("Authorization"), ctx.bodyAsBytes())));
    }

    /** A MangaDex route; its path template is also the endpoint name in the statistics. */
    private void get(String path, Function<QueryParams, Reply> handler) {
        app.get(path, ctx -> pipeline.handle(ctx, path, handler));
    }

    private void get(String path, BiFunction<QueryParams, String, Reply> handler) {
        app.get(path, (Context ctx) -> pipeline.handle(ctx, path, q -> handler.apply(q, ctx.pathParam("id"))));
    }

    private void startLive() {
        world.publishContinuously(options.liveChaptersPerMinute(), options.liveMangaPerMinute());
        liveTicker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("simulator-live").daemon().factory());
        liveTicker.scheduleAtFixedRate(() -> {
            try {
                world.runOnce();
            } catch (RuntimeException e) {
                log.error("live publishing failed; it will try again in a second", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    public URI baseUri() {
        String host = options.bind().equals("0.0.0.0") ? "127.0.0.1" : options.bind();
        return URI.create("http://" + host + ":" + app.port());
    }

    public World world() {
        return world;
    }

    /** The accounts its auth server and user endpoints know. */
    public Accounts accounts() {
        return accounts;
    }

    public SimulatorStats stats() {
        return traffic.snapshot();
    }

    public void resetStats() {
        traffic.reset();
    }

    /** Replaces the current fault plan; {@link FaultPlan#none()} ends all faults. */
    public void faults(FaultPlan plan) {
        pipeline.faults.set(Objects.requireNonNull(plan, "plan"));
    }

    public FaultPlan faults() {
        return pipeline.faults.get();
    }

    /** Every request is answered 429 (with the rate-limit headers naming {@code until}) until the world clock reaches it. */
    public void forceRateLimited(Instant until) {
        gate.forcedUntil.set(Objects.requireNonNull(until, "until"));
    }

    /** Down: every connection is cut without an answer, as if the API were unreachable. */
    public void down() {
        gate.down.set(true);
    }

    public void up() {
        gate.down.set(false);
    }

    /** The bearer token of the mutating {@code /_sim/} endpoints. */
    public String adminToken() {
        return adminToken;
    }

    Set<String> defaultContentRatings() {
        return options.defaultContentRatings();
    }

    @Override
    public void close() {
        if (liveTicker != null) liveTicker.shutdownNow();
        app.stop();
    }
}
