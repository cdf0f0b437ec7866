package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.CustomList;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackingStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a library import asks of MangaDex: a public list's series, and the catalogue entries of series we lack, 100
 * per request ({@code GET /manga?ids[]}), so a list of 500 costs its pages, never one request per series. Their
 * baselines wait for their first activity ({@link Tracking}).
 */
public final class SeriesLookup {
    private final WorkflowContext w;
    private final MangaStore manga = new MangaStore();
    private final TrackingStore tracking = new TrackingStore();

    SeriesLookup(WorkflowContext w) {
        this.w = w;
    }

    /** The list's series, when MangaDex has a public list with this id. */
    public Optional<CustomList> publicList(UUID listId) {
        return w.api().customList(listId).filter(l -> !"private".equals(l.visibility()));
    }

    /**
     * Adds to the catalogue the series it lacks and reads afresh those it holds but nobody tracks yet (their
     * {@code latestUploadedChapter} is what the sweep compares once they are followed); returns every id of
     * {@code ids} the catalogue now holds. Bulk work: ceil(untracked / 100) requests behind detection and readers.
     */
    public Set<UUID> addToCatalogue(Collection<UUID> ids) {
        Set<UUID> wanted = new HashSet<>(ids);
        Set<UUID> known = new HashSet<>(w.db().inTransaction(h -> tracking.trackedAmong(h, wanted)).keySet());
        List<UUID> toRead = new ArrayList<>(wanted);
        toRead.removeAll(known);
        if (toRead.isEmpty()) return known;
        List<Manga> fetched = RequestPriority.bulk(() -> w.api().mangaByIds(toRead)).stream()
                .filter(m -> wanted.contains(m.id())).toList();
        if (!fetched.isEmpty()) w.db().inTransaction(h -> manga.upsertAll(h, fetched, w.clock().instant()));
        fetched.forEach(m -> known.add(m.id()));
        return known;
    }
}
