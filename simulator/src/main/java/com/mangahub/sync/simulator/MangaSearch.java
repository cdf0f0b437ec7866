package com.mangahub.sync.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /manga}: filters and ordering over every series (10,000 is small enough to filter and sort per
 * request). The default order is MangaDex's: {@code latestUploadedChapter desc}.
 */
final class MangaSearch {
    static final Set<String> ORDER_FIELDS = Set.of("title", "year", "createdAt", "updatedAt", "latestUploadedChapter",
            "followedCount", "relevance", "rating");

    record Filter(Set<UUID> ids, Optional<String> title, Optional<Instant> createdSince, Optional<Instant> updatedSince,
                  Set<ContentRating> ratings, Set<String> languages, Set<String> statuses, Set<String> originalLanguages,
                  Optional<Boolean> hasChapters) {

        boolean test(MangaEntry m) {
            if (!ratings.contains(m.rating())) return false;
            if (!ids.isEmpty() && !ids.contains(m.id())) return false;
            if (!statuses.isEmpty() && !statuses.contains(m.status())) return false;
            if (!originalLanguages.isEmpty() && !originalLanguages.contains(m.originalLanguage())) return false;
            if (!languages.isEmpty() && m.languages().stream().noneMatch(languages::contains)) return false;
            if (createdSince.isPresent() && m.createdAt().isBefore(createdSince.get())) return false;
            if (updatedSince.isPresent() && m.updatedAt().isBefore(updatedSince.get())) return false;
            if (hasChapters.isPresent() && hasChapters.get() == (m.latestUploadedChapter() == null)) return false;
            return title.isEmpty() || m.searchText().contains(title.get().toLowerCase(Locale.ROOT));
        }
    }

    record Result(List<MangaEntry> page, int total) {}

    private MangaSearch() {}

    static Result find(World world, Filter filter, Map<String, Boolean> order, QueryParams.Paging paging) {
        List<MangaEntry> matching = new ArrayList<>();
        for (MangaEntry m : world.allManga()) if (filter.test(m)) matching.add(m);
        matching.sort(comparator(order.isEmpty() ? Map.of("latestUploadedChapter", false) : order));
        int from = Math.min(paging.offset(), matching.size());
        int to = Math.min(from + paging.limit(), matching.size());
        return new Result(List.copyOf(matching.subList(from, to)), matching.size());
    }

    private static Comparator<MangaEntry> comparator(Map<String, Boolean> order) {
        Comparator<MangaEntry> result = null;
        for (var e : order.entrySet()) {
            Comparator<MangaEntry> c = switch (e.getKey()) {
                case "title" -> Comparator.comparing(MangaEntry::sortTitle, String.CASE_INSENSITIVE_ORDER);
                case "year" -> Comparator.comparing(MangaEntry::year, Comparator.nullsFirst(Comparator.naturalOrder()));
                case "updatedAt" -> Comparator.comparing(MangaEntry::updatedAt);
                case "latestUploadedChapter" -> Comparator.comparing(MangaEntry::latestActivity);
                // the world keeps no follows, ratings or search relevance: these fall back to creation order
                default -> Comparator.comparing(MangaEntry::createdAt);
            };
            if (!e.getValue()) c = c.reversed();
            result = result == null ? c : result.thenComparing(c);
        }
        return result.thenComparing(MangaEntry::id);
    }
}
