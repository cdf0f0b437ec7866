package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The chapter lists ({@code GET /chapter} and {@code GET /manga/{id}/feed}): filters as MangaDex applies them and
 * keyset-friendly ordering. A whole-site page ordered by a time field walks that field's index from the cursor,
 * so its cost follows what lies after the cursor, not the size of the world.
 */
final class ChapterSearch {
    static final Set<String> ORDER_FIELDS = Set.of("createdAt", "updatedAt", "publishAt", "readableAt", "volume", "chapter");

    record Filter(Optional<UUID> manga, Set<UUID> ids, Set<String> languages, Set<UUID> groups,
                  Set<ContentRating> ratings, Map<TimeField, Instant> since, Optional<Boolean> futurePublishAt,
                  Optional<Boolean> emptyPages, Optional<Boolean> externalUrl, Instant now) {

        boolean test(ChapterEntry c) {
            if (!ratings.contains(c.rating())) return false;
            if (!languages.isEmpty() && !languages.contains(c.language())) return false;
            if (!ids.isEmpty() && !ids.contains(c.id())) return false;
            if (manga.isPresent() && !manga.get().equals(c.mangaId())) return false;
            if (!groups.isEmpty() && c.groups().stream().noneMatch(groups::contains)) return false;
            for (var s : since.entrySet()) if (c.time(s.getKey()).isBefore(s.getValue())) return false;
            return flagsAllow(c);
        }

        /** The include* flags: 1 keeps only those chapters, 0 drops them; with none set, future ones are hidden. */
        private boolean flagsAllow(ChapterEntry c) {
            boolean future = c.publishAt().isAfter(now);
            if (futurePublishAt.isEmpty() && emptyPages.isEmpty() && externalUrl.isEmpty()) return !future;
            if (futurePublishAt.isPresent() && futurePublishAt.get() != future) return false;
            if (emptyPages.isPresent() && emptyPages.get() != (c.pages() == 0)) return false;
            return externalUrl.isEmpty() || externalUrl.get() == (c.externalUrl() != null);
        }
    }

    record Result(List<ChapterEntry> page, int total) {}

    private ChapterSearch() {}

    static Result find(World world, Filter filter, Map<String, Boolean> order, QueryParams.Paging paging) {
        Map.Entry<String, Boolean> first = order.isEmpty() ? Map.entry("createdAt", true) : order.entrySet().iterator().next();
        TimeField timeField = timeField(first.getKey());
        if (filter.manga().isEmpty() && filter.ids().isEmpty() && timeField != null) {
            // the cursor on the ordering field bounds the walk in both directions: only entries at or after it match
            Instant since = filter.since().get(timeField);
            return page(world.chapters().ordered(timeField, since, !first.getValue()), filter, paging);
        }
        Collection<ChapterEntry> candidates = filter.manga().isPresent()
                ? world.chapters().ofManga(filter.manga().get())
                : !filter.ids().isEmpty() ? filter.ids().stream().map(world.chapters()::get).filter(c -> c != null).toList()
                : world.chapters().all();
        List<ChapterEntry> matching = new ArrayList<>();
        for (ChapterEntry c : candidates) if (filter.test(c)) matching.add(c);
        matching.sort(comparator(order));
        return page(matching, filter, paging);
    }

    private static Result page(Collection<ChapterEntry> ordered, Filter filter, QueryParams.Paging paging) {
        List<ChapterEntry> page = new ArrayList<>(Math.min(paging.limit(), 100));
        int total = 0;
        for (ChapterEntry c : ordered) {
            if (!filter.test(c)) continue;
            if (total >= paging.offset() && page.size() < paging.limit()) page.add(c);
            total++;
        }
        return new Result(page, total);
    }

    private static Comparator<ChapterEntry> comparator(Map<String, Boolean> order) {
        Comparator<ChapterEntry> result = null;
        Map<String, Boolean> effective = order.isEmpty() ? Map.of("createdAt", true) : order;
        for (var e : effective.entrySet()) {
            TimeField field = timeField(e.getKey());
            Comparator<ChapterEntry> c = field != null ? Comparator.comparing((ChapterEntry ch) -> ch.time(field))
                    : e.getKey().equals("volume") ? Comparator.comparingDouble(ChapterEntry::volumeKey)
                    : Comparator.comparingDouble(ChapterEntry::numberKey);
            if (!e.getValue()) c = c.reversed();
            result = result == null ? c : result.thenComparing(c);
        }
        return result.thenComparing(ChapterEntry::id);
    }

    static TimeField timeField(String name) {
        return switch (name) {
            case "createdAt" -> TimeField.CREATED_AT;
            case "updatedAt" -> TimeField.UPDATED_AT;
            case "publishAt" -> TimeField.PUBLISH_AT;
            case "readableAt" -> TimeField.READABLE_AT;
            default -> null;
        };
    }
}
