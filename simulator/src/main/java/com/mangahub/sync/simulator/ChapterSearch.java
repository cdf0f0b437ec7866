package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chapter lists ({@code GET /chapter} and {@code GET /manga/{id}/feed}): filters as MangaDex applies them and
 * keyset-friendly ordering. A whole-site page ordered by a time field walks that field's index from the cursor,
 * so its cost follows what lies after the cursor, not the size of the world.
 */
final class ChapterSearch {
    static final Set<String> ORDER_FIELDS = Set.of("createdAt", "updatedAt", "publishAt", "readableAt", "volume", "chapter");

    record Result(List<ChapterEntry> page, int total) {}

    private ChapterSearch() {}

    static Result find(World world, ChapterFilter filter, Map<String, Boolean> order, QueryParams.Paging paging) {
        Map.Entry<String, Boolean> first = order.isEmpty() ? Map.entry("createdAt", true) : order.entrySet().iterator().next();
        TimeField timeField = timeField(first.getKey());
        if (filter.manga.isEmpty() && filter.ids.isEmpty() && timeField != null) {
            // the cursor on the ordering field bounds the walk in both directions: only entries at or after it match
            Instant since = filter.since.get(timeField);
            return page(world.chapters().ordered(timeField, since, !first.getValue()), filter, paging);
        }
        Collection<ChapterEntry> candidates = filter.manga.isPresent()
                ? world.chapters().ofManga(filter.manga.get())
                : !filter.ids.isEmpty() ? filter.ids.stream().map(world.chapters()::get).filter(c -> c != null).toList()
                : world.chapters().all();
        List<ChapterEntry> matching = new ArrayList<>();
        for (ChapterEntry c : candidates) if (filter.test(c)) matching.add(c);
        matching.sort(comparator(order));
        return page(matching, filter, paging);
    }

    private static Result page(ChapterIndex.Slice slice, ChapterFilter filter, QueryParams.Paging paging) {
        Columns columns = slice.columns();
        List<ChapterEntry> page = new ArrayList<>(Math.min(paging.limit(), 100));
        int total = 0;
        int n = columns.size();
        for (int k = slice.from(); k < n; k++) {
            int i = slice.descending() ? n - 1 - (k - slice.from()) : k;
            if (!filter.test(columns, i)) continue;
            if (total >= paging.offset() && page.size() < paging.limit()) page.add(columns.entries()[i]);
            total++;
        }
        return new Result(page, total);
    }

    private static Result page(Collection<ChapterEntry> ordered, ChapterFilter filter, QueryParams.Paging paging) {
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
