package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.MangaDexRefs;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.CatalogueView.MangaSummary;
import com.mangahub.sync.store.CatalogueView.PageOf;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds any series of MangaDex, not only the mirror's: the catalogue answers first, and MangaDex's own title search
 * ({@code GET /manga?title=}) when the reader asks for more or the mirror has fewer matches than a page. One request
 * per search through the one rate budget (at urgent priority, like the chapter stream), its answer cached for
 * {@link #CACHE_FOR} so a burst of the same search costs one request, and every series it finds stored in the
 * catalogue, where it can be followed and where the next search finds it. A MangaDex id or a mangadex.org title
 * address finds that one series, read from MangaDex when the mirror lacks it.
 */
public final class CatalogueSearch {
    /** How long a MangaDex title search's answer is reused: titles change rarely, readers retype often. */
    static final Duration CACHE_FOR = Duration.ofMinutes(10);
    /** At most this many cached searches; the oldest go first. */
    private static final int CACHE_SIZE = 1_000;
    /** How many series one MangaDex search asks for (its page size cap). */
    static final int REMOTE_LIMIT = 50;
    /** Something an address looks like: a scheme, or a host name followed by a path. */
    private static final Pattern ADDRESS = Pattern.compile("(?i)^(?:[a-z][a-z0-9+.-]*://|www\\.|[a-z0-9-]+(?:\\.[a-z0-9-]+)+/).*");
    /** Something an id looks like but is not: hex digits and dashes. */
    private static final Pattern ID_LIKE = Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f-]*$");

    private final WorkflowContext w;
    private final CatalogueQueries queries;
    private final CatalogueQueries pages;
    private final MangaStore mangaStore = new MangaStore();
    private final TrackingStore tracking = new TrackingStore();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** When to ask MangaDex: when the mirror has too few matches (default), always, or never. */
    public enum Remote { AUTO, ALWAYS, NEVER }

    /** What MangaDex was asked: whether, whether the answer came from the cache, how many it found, what failed. */
    public record RemoteAnswer(boolean asked, boolean cached, int found, String error) {
        static final RemoteAnswer NOT_ASKED = new RemoteAnswer(false, false, 0, null);
    }

    /** A search's answer: the page of the catalogue and what MangaDex contributed. */
    public record Answer(PageOf<MangaSummary> page, RemoteAnswer mangadex) {}

    /** What a query names. */
    sealed interface Query {
        record Series(UUID id) implements Query {}

        record Title(String text) implements Query {}

        record Everything() implements Query {}
    }

    /** Bad input: the field and what is wrong with it. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private record Cached(Instant at, List<UUID> ids) {}

    /**
     * @param queries on the primary: what must show the series a search has just stored (and a lookup by id)
     * @param pages   the mirror's own pages, which tolerate replica lag (the read replica while it is in use)
     */
    CatalogueSearch(WorkflowContext w, CatalogueQueries queries, CatalogueQueries pages) {
        this.w = w;
        this.queries = queries;
        this.pages = pages;
    }

    /**
     * Searches; {@code mayAskMangaDex} is false for an anonymous caller, who gets the mirror only (MangaDex's budget
     * is spent for readers).
     */
    public Answer search(CatalogueQueries.Filter filter, int page, int size, Remote remote, boolean mayAskMangaDex) {
        Query query = parse(filter.title());
        if (remote == Remote.ALWAYS && !(query instanceof Query.Title)) {
            throw new Refused(400, "q: type a title to search MangaDex for");
        }
        return switch (query) {
            case Query.Series s -> new Answer(one(s.id(), mayAskMangaDex && remote != Remote.NEVER),
                    RemoteAnswer.NOT_ASKED);
            case Query.Everything e -> new Answer(pages.list(filter, page, size), RemoteAnswer.NOT_ASKED);
            case Query.Title t -> byTitle(filter, t.text(), page, size, remote, mayAskMangaDex);
        };
    }

    static Query parse(Optional<String> q) {
        if (q.isEmpty() || q.get().isBlank()) return new Query.Everything();
        String text = q.get().strip();
        Optional<UUID> series = MangaDexRefs.series(text);
        if (series.isPresent()) return new Query.Series(series.get());
        if (MangaDexRefs.isMangaDexAddress(text)) {
            throw new Refused(400, "q: a mangadex.org address finds a series only as https://mangadex.org/title/{id}");
        }
        if (ADDRESS.matcher(text).matches()) {
            throw new Refused(400, "q: only MangaDex addresses are searched (https://mangadex.org/title/{id}); "
                    + "this is another site's");
        }
        if (ID_LIKE.matcher(text).matches()) {
            throw new Refused(400, "q: a MangaDex id has 36 characters, like 32d76d19-8a05-4db0-9fc2-e0b0648fe9d0");
        }
        return new Query.Title(text);
    }

    private PageOf<MangaSummary> one(UUID id, boolean mayAskMangaDex) {
        CatalogueQueries.Filter byId = new CatalogueQueries.Filter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        if (queries.find(id.toString()).isEmpty()) {
            if (!mayAskMangaDex) throw new Refused(404, "q: no series " + id + " in the catalogue");
            Manga manga;
            try {
                manga = w.api().manga(id).orElseThrow(() -> new Refused(404, "q: MangaDex has no series " + id));
            } catch (MangaDexException e) {
                throw new Refused(503, "q: MangaDex cannot be asked now (" + e.getMessage() + ")");
            }
            store(List.of(manga));
        }
        return queries.byIds(List.of(id), byId);
    }

    private Answer byTitle(CatalogueQueries.Filter filter, String title, int page, int size, Remote remote,
                           boolean mayAskMangaDex) {
        PageOf<MangaSummary> local = pages.list(filter, page, size);
        boolean wanted = remote == Remote.ALWAYS || (remote == Remote.AUTO && page == 1 && local.total() < size);
        if (!wanted || !mayAskMangaDex) return new Answer(local, RemoteAnswer.NOT_ASKED);
        String key = title.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Instant now = w.clock().instant();
        Cached hit = cache.get(key);
        boolean cached = hit != null && hit.at().plus(CACHE_FOR).isAfter(now);
        List<UUID> found;
        if (cached) {
            found = hit.ids();
        } else {
            try {
                List<Manga> answer = w.api().searchTitle(title, REMOTE_LIMIT);
                store(answer);
                found = answer.stream().map(Manga::id).toList();
                remember(key, new Cached(now, found));
            } catch (MangaDexException e) {
                return new Answer(local, new RemoteAnswer(true, false, 0, "MangaDex cannot be asked now: "
                        + e.getMessage()));
            }
        }
        // what MangaDex found, matched or not by the mirror's own title rule (it also searches alternative titles)
        return new Answer(queries.listWith(filter, found, page, size), new RemoteAnswer(true, cached, found.size(), null));
    }

    /** Adds to the catalogue the series it lacks; entries it holds stay as the sync keeps them. */
    private void store(List<Manga> found) {
        if (found.isEmpty()) return;
        Set<UUID> ids = new HashSet<>(found.stream().map(Manga::id).toList());
        w.db().inTransaction(h -> {
            Set<UUID> known = tracking.knownAmong(h, ids);
            List<Manga> missing = found.stream().filter(m -> !known.contains(m.id())).toList();
            if (!missing.isEmpty()) mangaStore.upsertAll(h, missing, w.clock().instant());
            return null;
        });
    }

    private void remember(String key, Cached answer) {
        if (cache.size() >= CACHE_SIZE) {
            cache.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Cached::at)))
                    .ifPresent(oldest -> cache.remove(oldest.getKey()));
        }
        cache.put(key, answer);
    }
}
