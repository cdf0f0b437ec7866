package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.Version;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.time.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The only way the service talks to MangaDex. Every call passes one shared rate gate, the circuit breaker and the
 * retry policy ({@link Transport}); answers are parsed under strict limits and mapped to the domain records.
 * Thread-safe: one instance serves the whole process, and must, since the rate budget is per IP.
 */
public final class MangaDexClient implements MangaDexApi, UserLibraryApi, AutoCloseable {
    static final int MAX_IDS_PER_REQUEST = 100;
    static final int MAX_LIST_LIMIT = 100;
    static final int FEED_PAGE_SIZE = 500;
    /** MangaDex refuses offset + limit above this with 400 "Result window is too large". */
    static final int RESULT_WINDOW = 10_000;
    private static final String JDK_ATTEMPT_LIMIT = "jdk.httpclient.redirects.retrylimit";
    private static final List<String> MANGA_INCLUDES = List.of("author", "artist", "cover_art");
    /** Group names are shown to readers (credit them); the uploader id comes with the bare "user" relationship. */
    private static final List<String> CHAPTER_INCLUDES = List.of("scanlation_group");

    static {
        // The JDK client silently re-sends a GET once when a connection closes before any response byte (its
        // stale-connection rule, applied to every HTTP/1.1 exchange). That second request would bypass the rate
        // gate and double the traffic sent to a failing MangaDex, so retrying is left to our own policy: with a
        // limit of one attempt per exchange, the JDK reports the failure instead. The JDK reads the property once,
        // at its first exchange; an explicit setting (-D) is respected. We follow no redirects, so none is lost.
        if (System.getProperty(JDK_ATTEMPT_LIMIT) == null) System.setProperty(JDK_ATTEMPT_LIMIT, "1");
    }

    private final Config.MangaDex config;
    private final MangaDexHttp client;
    private final Breaker breaker;
    private final JsonBodies json;
    private final Transport transport;
    private final UserEndpoints user;

    /** The production client: system clock, real sleeping. */
    public MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper json) {
        this(config, registry, json, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper json, Clock clock,
                          Sleeper sleeper) {
        this(config, registry, json, clock, sleeper, SharedBudget.PROCESS_ONLY);
    }

    /** A client that shares MangaDex's per-IP budget with other instances through {@code shared}. */
    public MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper json, Clock clock,
                          Sleeper sleeper, SharedBudget shared) {
        this(config, registry, json, clock, sleeper, RandomGenerator.getDefault(), shared,
                MangaDexHttp.forOne(config.connectTimeout()));
    }

    /** As above, over the process's one client for MangaDex's hosts. */
    public MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper json, Clock clock,
                          Sleeper sleeper, SharedBudget shared, MangaDexHttp client) {
        this(config, registry, json, clock, sleeper, RandomGenerator.getDefault(), shared, client);
    }

    MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper json, Clock clock, Sleeper sleeper,
                   RandomGenerator random) {
        this(config, registry, json, clock, sleeper, random, SharedBudget.PROCESS_ONLY,
                MangaDexHttp.forOne(config.connectTimeout()));
    }

    private MangaDexClient(Config.MangaDex config, MeterRegistry registry, ObjectMapper mapper, Clock clock,
                           Sleeper sleeper, RandomGenerator random, SharedBudget shared, MangaDexHttp client) {
        this.config = config;
        this.client = client.hold();
        HttpClient http = client.client();
        this.breaker = new Breaker(clock, registry);
        this.json = new JsonBodies(mapper, config.maxBodyBytes(), new TextRepairs(registry));
        RateGate gate = new RateGate(config.rate(), shared, clock, sleeper, registry);
        RequestHeaders headers = new RequestHeaders(Version.current().userAgent(), config.apiKey());
        this.transport = new Transport(http, headers, config.requestTimeout(), config.maxBodyBytes(), gate, breaker,
                Backoff.standard(random), json, clock, sleeper, registry);
        this.user = new UserEndpoints(config.baseUrl(), transport, this.json);
    }

    @Override
    public List<UUID> follows(String accessToken) {
        return user.follows(accessToken);
    }

    @Override
    public Map<UUID, String> statuses(String accessToken) {
        return user.statuses(accessToken);
    }

    @Override
    public Map<UUID, Set<UUID>> readMarkers(String accessToken, Collection<UUID> mangaIds) {
        return user.readMarkers(accessToken, mangaIds);
    }

    @Override
    public void markRead(String accessToken, UUID mangaId, Collection<UUID> chapterIds) {
        user.markRead(accessToken, mangaId, chapterIds);
    }

    @Override
    public List<Chapter> chaptersByIds(Collection<UUID> ids) {
        List<UUID> unique = List.copyOf(new LinkedHashSet<>(ids));
        List<Chapter> found = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += MAX_IDS_PER_REQUEST) {
            List<UUID> batch = unique.subList(from, Math.min(unique.size(), from + MAX_IDS_PER_REQUEST));
            QueryString query = new QueryString().addEach("ids[]", batch).add("limit", batch.size()).add("offset", 0)
                    .addEach("contentRating[]", config.contentRatings());
            found.addAll(transport.get("/chapter", query.on(config.baseUrl(), "/chapter"),
                    chapterPage("/chapter", 0, batch.size())).items());
        }
        return found;
    }

    @Override
    public Page<Manga> listManga(MangaQuery q) {
        checkWindow(q.offset(), q.limit(), MAX_LIST_LIMIT);
        QueryString query = new QueryString().add("limit", q.limit()).add("offset", q.offset())
                .since("createdAtSince", q.createdAtSince()).since("updatedAtSince", q.updatedAtSince())
                .addEach("contentRating[]", ratings(q.contentRatings())).addEach("includes[]", MANGA_INCLUDES)
                .order(q.order());
        return transport.get("/manga", query.on(config.baseUrl(), "/manga"), mangaPage(q.offset(), q.limit()));
    }

    @Override
    public List<Manga> searchTitle(String title, int limit) {
        checkWindow(0, limit, MAX_LIST_LIMIT);
        QueryString query = new QueryString().add("title", title).add("limit", limit).add("offset", 0)
                .addEach("contentRating[]", config.contentRatings()).addEach("includes[]", MANGA_INCLUDES)
                .order(SortOrder.desc("relevance"));
        return transport.get("/manga", query.on(config.baseUrl(), "/manga"), mangaPage(0, limit)).items();
    }

    @Override
    public List<Manga> mangaByIds(Collection<UUID> ids) {
        List<UUID> unique = List.copyOf(new LinkedHashSet<>(ids));
        List<Manga> found = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += MAX_IDS_PER_REQUEST) {
            List<UUID> batch = unique.subList(from, Math.min(unique.size(), from + MAX_IDS_PER_REQUEST));
            // Without limit = batch size MangaDex returns only its default 10; without every rating, some ids vanish.
            QueryString query = new QueryString().addEach("ids[]", batch).add("limit", batch.size()).add("offset", 0)
                    .addEach("contentRating[]", config.contentRatings()).addEach("includes[]", MANGA_INCLUDES)
                    .order(SortOrder.asc("createdAt"));
            found.addAll(transport.get("/manga", query.on(config.baseUrl(), "/manga"),
                    mangaPage(0, batch.size())).items());
        }
        return found;
    }

    @Override
    public Optional<Manga> manga(UUID id) {
        URI uri = new QueryString().addEach("includes[]", MANGA_INCLUDES).on(config.baseUrl(), "/manga/" + id);
        try {
            return transport.get("/manga/{id}", uri, body -> body.length == 0 ? Optional.<Manga>empty()
                    : Optional.of(MangaMapping.toManga(json.parse("/manga/{id}", body, SINGLE_MANGA).data())));
        } catch (MangaDexException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<CustomList> customList(UUID id) {
        URI uri = new QueryString().on(config.baseUrl(), "/list/" + id);
        try {
            return transport.get("/list/{id}", uri, body -> body.length == 0 ? Optional.<CustomList>empty()
                    : Optional.of(customList(json.parse("/list/{id}", body, SINGLE_LIST).data())));
        } catch (MangaDexException.NotFound e) {
            return Optional.empty();
        }
    }

    private static CustomList customList(Wire.Entity<Wire.ListAttributes> e) {
        List<UUID> manga = e.relationships() == null ? List.of() : e.relationships().stream()
                .filter(r -> "manga".equals(r.type()) && r.id() != null).map(Wire.Relationship::id).distinct().toList();
        Wire.ListAttributes a = e.attributes();
        return new CustomList(e.id(), a == null || a.name() == null ? "" : a.name(),
                a == null || a.visibility() == null ? "public" : a.visibility(), manga);
    }

    @Override
    public Page<Chapter> listChapters(ChapterQuery q) {
        checkWindow(q.offset(), q.limit(), MAX_LIST_LIMIT);
        QueryString query = new QueryString().add("limit", q.limit()).add("offset", q.offset())
                .since("createdAtSince", q.createdAtSince()).since("updatedAtSince", q.updatedAtSince())
                .since("publishAtSince", q.publishAtSince()).addEach("translatedLanguage[]", q.languages())
                .addEach("contentRating[]", ratings(q.contentRatings()))
                .add("includeFutureUpdates", q.includeFutureUpdates() ? "1" : "0")
                .flag("includeFuturePublishAt", q.futurePublishAt()).flag("includeExternalUrl", q.externalUrl())
                .addEach("includes[]", CHAPTER_INCLUDES).order(q.order());
        return transport.get("/chapter", query.on(config.baseUrl(), "/chapter"),
                chapterPage("/chapter", q.offset(), q.limit()));
    }

    @Override
    public List<Chapter> feed(UUID mangaId, FeedQuery query) {
        FeedQuery published = new FeedQuery(query.languages(), false, query.contentRatings());
        List<Chapter> chapters = new FeedWalk(mangaId, published, this::feedPage).all();
        if (!query.includeFuturePublishAt()) return chapters;
        // MangaDex's include* flags select rather than add ("1": only those), so future chapters take a second
        // walk; where "1" adds them instead, the second walk holds everything and the merge drops the repeats.
        Map<UUID, Chapter> merged = new LinkedHashMap<>();
        chapters.forEach(c -> merged.put(c.id(), c));
        new FeedWalk(mangaId, query, this::feedPage).all().forEach(c -> merged.putIfAbsent(c.id(), c));
        return List.copyOf(merged.values());
    }

    /** {@code GET /manga/{id}/aggregate} in the given languages (all languages when empty). */
    public Aggregate aggregate(UUID mangaId, List<String> languages) {
        URI uri = new QueryString().addEach("translatedLanguage[]", languages)
                .on(config.baseUrl(), "/manga/" + mangaId + "/aggregate");
        return transport.get("/manga/{id}/aggregate", uri, body -> body.length == 0 ? new Aggregate(Map.of())
                : AggregateMapping.toAggregate(json.parse("/manga/{id}/aggregate", body, AGGREGATE)));
    }

    /** The circuit breaker's state, CLOSED, OPEN or HALF_OPEN: for /health and dashboards. */
    public String breakerState() {
        return breaker.state().name();
    }

    /** MangaDex is worth calling: the breaker is not open. */
    public boolean reachable() {
        return breaker.state() != Breaker.State.OPEN;
    }

    Page<Chapter> feedPage(UUID mangaId, FeedWalk.Position position, FeedQuery q) {
        QueryString query = new QueryString().add("limit", FEED_PAGE_SIZE).add("offset", position.offset())
                .since("createdAtSince", position.createdAtSince()).addEach("translatedLanguage[]", q.languages())
                .addEach("contentRating[]", ratings(q.contentRatings())).addEach("includes[]", CHAPTER_INCLUDES)
                .order(SortOrder.asc("createdAt"));
        // Leaving the flag out keeps MangaDex's default (future chapters hidden); 1 asks for the future ones.
        if (q.includeFuturePublishAt()) query.add("includeFuturePublishAt", 1);
        URI uri = query.on(config.baseUrl(), "/manga/" + mangaId + "/feed");
        return transport.get("/manga/{id}/feed", uri, chapterPage("/manga/{id}/feed", position.offset(), FEED_PAGE_SIZE));
    }

    private List<String> ratings(List<String> requested) {
        return requested.isEmpty() ? config.contentRatings() : requested;
    }

    private static void checkWindow(int offset, int limit, int maxLimit) {
        if (limit < 1 || limit > maxLimit || offset < 0) {
            throw new IllegalArgumentException("limit must be 1.." + maxLimit + " and offset >= 0, got limit "
                    + limit + ", offset " + offset);
        }
        if (offset + limit > RESULT_WINDOW) {
            throw new IllegalArgumentException("offset + limit = " + (offset + limit) + " is past MangaDex's "
                    + RESULT_WINDOW + "-result window: page with createdAtSince (keyset) instead");
        }
    }

    private Function<byte[], Page<Manga>> mangaPage(int offset, int limit) {
        return body -> body.length == 0 ? Page.empty(offset, limit)
                : Pages.of(json.parse("/manga", body, MANGA_LIST), offset, limit, MangaMapping::toManga);
    }

    private Function<byte[], Page<Chapter>> chapterPage(String endpoint, int offset, int limit) {
        return body -> body.length == 0 ? Page.empty(offset, limit)
                : Pages.of(json.parse(endpoint, body, CHAPTER_LIST), offset, limit, ChapterMapping::toChapter);
    }

    @Override
    public void close() {
        client.close();
    }

    private static final TypeReference<Wire.Collection<Wire.MangaAttributes>> MANGA_LIST = new TypeReference<>() {};
    private static final TypeReference<Wire.Single<Wire.MangaAttributes>> SINGLE_MANGA = new TypeReference<>() {};
    private static final TypeReference<Wire.Collection<Wire.ChapterAttributes>> CHAPTER_LIST = new TypeReference<>() {};
    private static final TypeReference<Wire.Aggregate> AGGREGATE = new TypeReference<>() {};
    private static final TypeReference<Wire.Single<Wire.ListAttributes>> SINGLE_LIST = new TypeReference<>() {};
}
