package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Chapters sorted by one time field, kept as an array and caught up lazily: additions wait in a small list and
 * removals in an identity set (an edited chapter is the same id but a new record), and the next reader merges
 * them in one linear pass.
 */
final class TimeOrder {
    private final Comparator<ChapterEntry> order;
    private ChapterEntry[] sorted = new ChapterEntry[0];
    private Columns columns = Columns.of(sorted);
    private List<ChapterEntry> added = new ArrayList<>();
    private Set<ChapterEntry> removed = Collections.newSetFromMap(new IdentityHashMap<>());

    TimeOrder(TimeField field) {
        this.order = (a, b) -> {
            int byTime = a.time(field).compareTo(b.time(field));
            return byTime != 0 ? byTime : a.id().compareTo(b.id());
        };
    }

    synchronized void added(ChapterEntry chapter) {
        added.add(chapter);
    }

    synchronized void removed(ChapterEntry chapter) {
        for (int i = added.size() - 1; i >= 0; i--) {
            if (added.get(i) == chapter) {
                added.remove(i);
                return;
            }
        }
        removed.add(chapter);
    }

    synchronized Columns current() {
        if (added.isEmpty() && removed.isEmpty()) return columns;
        added.sort(order);
        ChapterEntry[] merged = new ChapterEntry[sorted.length - removed.size() + added.size()];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < sorted.length || j < added.size()) {
            if (i < sorted.length && removed.contains(sorted[i])) {
                i++;
            } else if (j >= added.size() || (i < sorted.length && order.compare(sorted[i], added.get(j)) <= 0)) {
                merged[k++] = sorted[i++];
            } else {
                merged[k++] = added.get(j++);
            }
        }
        sorted = merged;
        added = new ArrayList<>();
        removed = Collections.newSetFromMap(new IdentityHashMap<>());
        columns = Columns.of(sorted);
        return columns;
    }
}
