package com.mangahub.sync.reader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.reader.LibraryFile.Item;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.web.ApiError;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Brings a library in: reads the file (or the public MangaDex list it names), adds the series our catalogue lacks
 * (100 per MangaDex request), then follows them all and records progress in one transaction, and reports what
 * became of every entry. Tracking of every series starts as the import is accepted; their baselines wait for their
 * first activity (Tracking in the sync side), so an import of 2,000 series costs ceil(2,000 / 100) requests and
 * answers in seconds, and a chapter published a second later is announced.
 */
public final class LibraryImport {
    /** What the report lists by name at most; the counts are always whole. */
    private static final int LISTED = 100;

    private final LibraryStore library;
    private final SeriesSource mangaDex;
    private final ObjectMapper json;
    private final Clock clock;

    public LibraryImport(LibraryStore library, SeriesSource mangaDex, ObjectMapper json, Clock clock) {
        this.library = library;
        this.mangaDex = mangaDex;
        this.json = json;
        this.clock = clock;
    }

    /** What became of the import's entries. */
    public record Report(String format, int entries, int added, int alreadyFollowed, int progressSet,
                         List<String> notFound, int notFoundCount, List<String> notMangaDex, int notMangaDexCount) {}

    public Report run(long userId, byte[] body, String contentType) {
        LibraryFile.Parsed parsed = LibraryFile.parse(body, contentType, json);
        LibraryFile.Parsed.Entries entries = switch (parsed) {
            case LibraryFile.Parsed.Entries e -> e;
            case LibraryFile.Parsed.MdList l -> new LibraryFile.Parsed.Entries("mdlist", listItems(l.listId()));
        };
        return apply(userId, entries);
    }

    /** A reading app's upload (SyncYomi): its MangaDex entries followed, progress from the chapters read. */
    public Report runUpload(long userId, byte[] body) {
        return apply(userId, LibraryFile.upload(body));
    }

    private List<Item> listItems(UUID listId) {
        List<UUID> ids = ask(() -> mangaDex.publicList(listId))
                .orElseThrow(() -> ApiError.badRequest("mdlist", "MangaDex has no public list " + listId
                        + " (a private list can be imported only once its owner makes it public)"));
        if (ids.size() > LibraryFile.MAX_ENTRIES) throw ApiError.badRequest("mdlist", "the list holds more than "
                + LibraryFile.MAX_ENTRIES + " series");
        return ids.stream().map(id -> new Item(id.toString(), java.util.Optional.of(id), java.util.Optional.empty())).toList();
    }

    private Report apply(long userId, LibraryFile.Parsed.Entries entries) {
        Map<UUID, BigDecimal> progress = new LinkedHashMap<>();
        Set<UUID> ids = new LinkedHashSet<>();
        List<String> notMangaDex = new ArrayList<>();
        for (Item item : entries.items()) {
            if (item.mangaDexId().isEmpty()) {
                notMangaDex.add(item.given());
                continue;
            }
            UUID id = item.mangaDexId().get();
            ids.add(id);
            item.progress().ifPresent(p -> progress.merge(id, p, BigDecimal::max));
        }
        Set<UUID> known = ids.isEmpty() ? Set.of() : ask(() -> mangaDex.addToCatalogue(ids));
        List<UUID> found = ids.stream().filter(known::contains).toList();
        List<String> notFound = ids.stream().filter(id -> !known.contains(id)).map(UUID::toString).toList();
        LibraryStore.Imported done = library.importAll(userId, found, progress, clock.instant());
        return new Report(entries.format(), entries.items().size(), done.added().size(),
                found.size() - done.added().size(), done.progressSet(), head(notFound), notFound.size(),
                head(notMangaDex), notMangaDex.size());
    }

    private static <T> T ask(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SeriesSource.Unavailable e) {
            throw new ApiError(503, "mangadex_unavailable", "MangaDex cannot be asked now (" + e.getMessage()
                    + "); nothing was imported, try again later", null);
        }
    }

    private static List<String> head(List<String> list) {
        return list.size() <= LISTED ? list : list.subList(0, LISTED);
    }
}
