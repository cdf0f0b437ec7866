package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Chapters by id, by series, and ordered by each of the four time fields, so a time-cursor page of the whole-site
 * list starts at the cursor instead of scanning everything. Not thread-safe: {@link World} guards it.
 */
final class ChapterIndex {
    private final Map<UUID, ChapterEntry> byId = new HashMap<>();
    private final Map<UUID, List<ChapterEntry>> byManga = new HashMap<>();
    private final Map<TimeField, NavigableMap<TimeKey, ChapterEntry>> byTime = new EnumMap<>(TimeField.class);

    ChapterIndex() {
        for (TimeField f : TimeField.values()) byTime.put(f, new TreeMap<>());
    }

    void put(ChapterEntry chapter) {
        ChapterEntry old = byId.put(chapter.id(), chapter);
        if (old != null) unindex(old);
        byManga.computeIfAbsent(chapter.mangaId(), k -> new ArrayList<>()).add(chapter);
        for (TimeField f : TimeField.values()) byTime.get(f).put(new TimeKey(chapter.time(f), chapter.id()), chapter);
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
        for (TimeField f : TimeField.values()) byTime.get(f).remove(new TimeKey(old.time(f), old.id()));
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

    /** Chapters ordered by {@code field}, starting at {@code since} (inclusive) when given. */
    Collection<ChapterEntry> ordered(TimeField field, Instant since, boolean descending) {
        NavigableMap<TimeKey, ChapterEntry> map = byTime.get(field);
        if (since != null) map = map.tailMap(new TimeKey(since, new UUID(Long.MIN_VALUE, Long.MIN_VALUE)), true);
        return descending ? map.descendingMap().values() : map.values();
    }

    /** Ties on the instant are broken by id, so equal timestamps (common: seconds precision) never collide. */
    record TimeKey(Instant at, UUID id) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }
}
