package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.ScanlationGroup;
import com.mangahub.sync.manga.Tag;
import com.mangahub.sync.mangadex.ChapterQuery;
import com.mangahub.sync.mangadex.FeedQuery;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.mangadex.MangaQuery;
import com.mangahub.sync.mangadex.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory MangaDex with the API's rules that matter to the workflows: second-precision timestamps, the
 * 10,000-result window, inclusive {@code *Since} filters, the content-rating default that hides pornographic
 * series (also in feeds), feeds and lists hiding a future publishAt unless asked (include* flags select), and
 * {@code latestUploadedChapter} kept true. Counts requests per endpoint.
 */
final class FakeMangaDex implements MangaDexApi {
    private static final List<String> DEFAULT_RATINGS = List.of("safe", "suggestive", "erotica");
    static final Tag ACTION = new Tag(UUID.fromString("391b0423-d847-456f-aff0-8b0cfc03066b"), "Action", "genre");
    static final Tag ISEKAI = new Tag(UUID.fromString("ace04997-f6bd-436e-b261-779182193d3d"), "Isekai", "theme");

    private final Clock clock;
    private final Map<UUID, Manga> manga = new LinkedHashMap<>();
    private final Map<UUID, Chapter> chapters = new LinkedHashMap<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private int listingsBeforeFailure = Integer.MAX_VALUE;
    private volatile Duration skew = Duration.ZERO;

    FakeMangaDex(Clock clock) {
        this.clock = clock;
    }

    // ---- the world ----

    synchronized Manga addManga(String title, String rating) {
        Instant now = now();
        Manga m = new Manga(UUID.randomUUID(), title, Map.of("en", title), List.of(), Optional.of("About " + title),
                List.of("Author of " + title), List.of("Artist"), Optional.of("ongoing"), Optional.of("shounen"),
                Optional.of(2020), Optional.of(rating), Optional.of("ja"), Optional.of("cover.jpg"),
                List.of(ACTION, ISEKAI), Optional.empty(), Optional.empty(), List.of("en"), now, now, 1);
        manga.put(m.id(), m);
        return m;
    }

    synchronized Manga addManga(String title) {
        return addManga(title, "safe");
    }

    synchronized void editManga(UUID id, String status) {
        Manga m = manga.get(id);
        manga.put(id, new Manga(m.id(), m.title(), m.titles(), m.altTitles(), m.description(), m.authors(), m.artists(),
                Optional.of(status), m.demographic(), m.year(), m.contentRating(), m.originalLanguage(),
                m.coverFileName(), m.tags(), m.latestUploadedChapter(), m.finalChapter(), m.availableLanguages(),
                m.createdAt(), now(), m.version() + 1));
    }

    Chapter publish(Manga m, String lang, String number) {
        return publish(m, lang, number, now(), Optional.empty());
    }

    synchronized Chapter publish(Manga m, String lang, String number, Instant publishAt, Optional<String> externalUrl) {
        return add(m, lang, number, publishAt, publishAt, externalUrl);
    }

    /** A link-only chapter, as MangaDex lists an official publisher's: publishAt years ahead, readable now. */
    synchronized Chapter publishLinkOnly(Manga m, String lang, String number, String url) {
        Instant now = now();
        return add(m, lang, number, now.plus(Duration.ofDays(365 * 15)), now, Optional.of(url));
    }

    private Chapter add(Manga m, String lang, String number, Instant publishAt, Instant readableAt,
                        Optional<String> externalUrl) {
        Instant now = now();
        Chapter ch = new Chapter(UUID.randomUUID(), m.id(), lang, ChapterNumber.parse(number), Optional.of("1"),
                Optional.of("Chapter " + number), externalUrl.isPresent() ? 0 : 20, externalUrl,
                List.of(new ScanlationGroup(UUID.randomUUID(), "Group")), Optional.empty(), publishAt,
                readableAt, now, now, 1);
        chapters.put(ch.id(), ch);
        setLatestUploaded(m.id(), ch.id());
        return ch;
    }

    synchronized void edit(Chapter ch, String newTitle) {
        Chapter old = chapters.get(ch.id());
        chapters.put(ch.id(), new Chapter(old.id(), old.mangaId(), old.language(), old.number(), old.volume(),
                Optional.of(newTitle), old.pages(), old.externalUrl(), old.groups(), old.uploader(), old.publishAt(),
                old.readableAt(), old.createdAt(), now(), old.version() + 1));
    }

    synchronized void delete(Chapter ch) {
        chapters.remove(ch.id());
        setLatestUploaded(ch.mangaId(), chapters.values().stream().filter(c -> c.mangaId().equals(ch.mangaId()))
                .max(Comparator.comparing(Chapter::createdAt)).map(Chapter::id).orElse(null));
    }

    private void setLatestUploaded(UUID mangaId, UUID chapterId) {
        Manga m = manga.get(mangaId);
        manga.put(mangaId, new Manga(m.id(), m.title(), m.titles(), m.altTitles(), m.description(), m.authors(),
                m.artists(), m.status(), m.demographic(), m.year(), m.contentRating(), m.originalLanguage(),
                m.coverFileName(), m.tags(), Optional.ofNullable(chapterId), m.finalChapter(), m.availableLanguages(),
                m.createdAt(), m.updatedAt(), m.version()));
    }

    /** The next {@code n} manga listings answer; the ones after fail as an outage would. */
    synchronized void failListingAfter(int n) {
        listingsBeforeFailure = n;
    }

    /** MangaDex's clock runs this far ahead of ours (it decides what is readable). */
    void skew(Duration ahead) {
        skew = ahead;
    }

    Instant now() {
        return clock.instant().plus(skew).truncatedTo(ChronoUnit.SECONDS);
    }

    int requests(String endpoint) {
        return requests.getOrDefault(endpoint, new AtomicInteger()).get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    // ---- the API ----

    @Override
    public synchronized Page<Manga> listManga(MangaQuery q) {
        count("GET /manga");
        if (listingsBeforeFailure-- <= 0) throw new MangaDexException.Unavailable("simulated outage", null);
        checkWindow(q.offset(), q.limit());
        Predicate<Manga> since = m -> q.createdAtSince().map(s -> !m.createdAt().isBefore(s)).orElse(true)
                && q.updatedAtSince().map(s -> !m.updatedAt().isBefore(s)).orElse(true);
        List<Manga> all = manga.values().stream().filter(since).filter(m -> visible(m, q.contentRatings()))
                .sorted(Comparator.comparing(Manga::createdAt).thenComparing(Manga::id)).toList();
        return page(all, q.offset(), q.limit());
    }

    @Override
    public synchronized List<Manga> searchTitle(String title, int limit) {
        count("GET /manga?title");
        String wanted = title.toLowerCase(java.util.Locale.ROOT);
        return manga.values().stream().filter(m -> m.title().toLowerCase(java.util.Locale.ROOT).contains(wanted))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Manga> mangaByIds(Collection<UUID> ids) {
        for (int i = 0; i < ids.size(); i += 100) count("GET /manga?ids");
        return ids.stream().map(manga::get).filter(m -> m != null).toList();
    }

    @Override
    public synchronized Optional<Manga> manga(UUID id) {
        count("GET /manga/{id}");
        return Optional.ofNullable(manga.get(id));
    }

    /** No lists here: the simulator serves them (workflow tests of imports run against it). */
    @Override
    public synchronized Optional<com.mangahub.sync.mangadex.CustomList> customList(UUID id) {
        count("GET /list/{id}");
        return Optional.empty();
    }

    @Override
    public synchronized Page<Chapter> listChapters(ChapterQuery q) {
        count("GET /chapter");
        checkWindow(q.offset(), q.limit());
        Instant now = clock.instant().plus(skew);
        Comparator<Chapter> order = switch (q.order().field()) {
            case "publishAt" -> Comparator.comparing(Chapter::publishAt);
            case "createdAt" -> Comparator.comparing(Chapter::createdAt);
            default -> Comparator.comparing(Chapter::updatedAt);
        };
        // like MangaDex: without include* flags chapters whose publishAt is in the future are hidden; a flag set
        // to 1 keeps only those chapters, 0 none of them
        boolean anyFlag = q.futurePublishAt().isPresent() || q.externalUrl().isPresent();
        List<Chapter> all = chapters.values().stream()
                .filter(c -> q.createdAtSince().map(s -> !c.createdAt().isBefore(s)).orElse(true))
                .filter(c -> q.updatedAtSince().map(s -> !c.updatedAt().isBefore(s)).orElse(true))
                .filter(c -> q.publishAtSince().map(s -> !c.publishAt().isBefore(s)).orElse(true))
                .filter(c -> q.languages().isEmpty() || q.languages().contains(c.language()))
                .filter(c -> anyFlag || !c.publishAt().isAfter(now))
                .filter(c -> q.futurePublishAt().map(only -> only == c.publishAt().isAfter(now)).orElse(true))
                .filter(c -> q.externalUrl().map(only -> only == c.externalUrl().isPresent()).orElse(true))
                .filter(c -> visible(manga.get(c.mangaId()), q.contentRatings()))
                .sorted(order.thenComparing(Chapter::id)).toList();
        return page(all, q.offset(), q.limit());
    }

    @Override
    public synchronized List<Chapter> feed(UUID mangaId, FeedQuery q) {
        count("GET /manga/{id}/feed");
        Manga m = manga.get(mangaId);
        if (m == null) throw new MangaDexException.NotFound("no manga " + mangaId);
        if (!visible(m, q.contentRatings())) return List.of();
        Instant now = clock.instant().plus(skew);
        // the client's contract: the published chapters, and with includeFuturePublishAt those ahead too (the real
        // client takes a second walk for them; counted here as one feed call)
        return chapters.values().stream().filter(c -> c.mangaId().equals(mangaId))
                .filter(c -> q.languages().contains(c.language()))
                .filter(c -> q.includeFuturePublishAt() || !c.publishAt().isAfter(now)).toList();
    }

    private static boolean visible(Manga m, List<String> ratings) {
        List<String> wanted = ratings.isEmpty() ? DEFAULT_RATINGS : ratings;
        return wanted.contains(m.contentRating().orElse("safe"));
    }

    private static void checkWindow(int offset, int limit) {
        if (limit < 0 || limit > 100) throw new MangaDexException.BadRequest(400, "validation_exception", "limit");
        if (offset + limit > 10_000) {
            throw new MangaDexException.BadRequest(400, "bad_request_http_exception", "Result window is too large");
        }
    }

    private static <T> Page<T> page(List<T> all, int offset, int limit) {
        List<T> items = new ArrayList<>(all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));
        return new Page<>(items, offset, limit, all.size());
    }

    private void count(String endpoint) {
        requests.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
    }
}
