package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Chapters by id, by series, and in the order of each of the four time fields, so a time-cursor page of the
 * whole-site list starts at the cursor (binary search) and walks a plain array. The ordered arrays are brought up
 * to date lazily, by merging what changed since the last query: a burst of publications costs one merge, and the
 * initial 200,000 chapters one sort per field. Mutations are guarded by {@link World}'s lock; {@link #ordered}
 * may run in several reader threads at once, so the catch-up is synchronized.
 */
final class ChapterIndex {
    private final Map<UUID, ChapterEntry> byId = new HashMap<>();
    private final Map<UUID, List<ChapterEntry>> byManga = new HashMap<>();
    private final Map<TimeField, TimeOrder> byTime = new EnumMap<>(TimeField.class);

    ChapterIndex() {
        for (TimeField f : TimeField.values()) byTime.put(f, new TimeOrder(f));
    }

    void put(ChapterEntry chapter) {
        ChapterEntry old = byId.put(chapter.id(), chapter);
        if (old != null) unindex(old);
        byManga.computeIfAbsent(chapter.mangaId(), k -> new ArrayList<>()).add(chapter);
        for (TimeOrder order : byTime.values()) order.added(chapter);
    }

    ChapterEntry remove(UUID id) {
        ChapterEntry old = byId.remove(id);
        if (old != null) unindex(old);
        return old;
    }

    private void unindex(ChapterEntry old) {
        List<ChapterEntry> ofManga = byManga.get(old.mangaId());
        ofManga.removeIf(c -> c.id().equals(old.id()));
        if (ofManga.isEmpty()) byManga.remove(old.mangaId());
        for (TimeOrder order : byTime.values()) order.removed(old);
    }

    ChapterEntry get(UUID id) {
        return byId.get(id);
    }

    List<ChapterEntry> ofManga(UUID mangaId) {
        return byManga.getOrDefault(mangaId, List.of());
    }

    int size() {
        return byId.size();
    }

    Collection<ChapterEntry> all() {
        return byId.values();
    }

    /** Brings every ordering up to date now (after bulk loading), so the first request does not pay for it. */
    void settle() {
        for (TimeOrder order : byTime.values()) order.current();
    }

    /** Chapters ordered by {@code field} (ties by id), from {@code since} (inclusive) when given. */
    Slice ordered(TimeField field, Instant since, boolean descending) {
        Columns columns = byTime.get(field).current();
        int from = since == null ? 0 : firstAtOrAfter(columns.entries(), field, since);
        return new Slice(columns, from, descending);
    }

    /** The part of one ordering at or after a cursor, walked forwards or backwards. */
    record Slice(Columns columns, int from, boolean descending) {}

    private static int firstAtOrAfter(ChapterEntry[] sorted, TimeField field, Instant since) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid].time(field).isBefore(since)) low = mid + 1; else high = mid;
        }
        return low;
    }
}
