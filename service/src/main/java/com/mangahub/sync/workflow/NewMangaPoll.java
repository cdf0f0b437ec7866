package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaQuery;
import com.mangahub.sync.mangadex.Page;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.mangadex.SortOrder;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.TrackingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds series created on MangaDex since the saved {@code createdAt} cursor (minus the overlap window), stores each
 * unknown one with full metadata and writes its NEW_MANGA event in the same transaction; known ones are skipped.
 * The first run starts from now: series created before the service existed are the import's business.
 */
final class NewMangaPoll {
    static final String WORKFLOW = "new_manga_poll";

    private final WorkflowContext w;
    private final MangaStore mangaStore = new MangaStore();
    private final TrackingStore tracking = new TrackingStore();

    /** Requests made, series added, series already known. */
    record Report(int requests, int added, int known) {}

    NewMangaPoll(WorkflowContext w) {
        this.w = w;
    }

    /** At detection priority, like the chapter stream: it tells readers of new series. */
    Report runOnce() {
        return RequestPriority.DETECTION.run(this::poll);
    }

    private Report poll() {
        Instant cursor = w.states().read(WORKFLOW).cursor().map(Instant::parse).orElse(w.clock().instant());
        WindowCursor position = WindowCursor.from(Optional.of(cursor.minus(w.settings().overlap())));
        int requests = 0, added = 0, known = 0;
        Page<Manga> page;
        do {
            page = w.api().listManga(new MangaQuery(position.since(), Optional.empty(), SortOrder.asc("createdAt"),
                    position.offset(), SyncSettings.MAX_PAGE, w.settings().contentRatings()));
            requests++;
            for (Manga m : page.items()) {
                if (cursor.isBefore(m.createdAt())) cursor = m.createdAt();
            }
            int pageAdded = storePage(page, cursor);
            added += pageAdded;
            known += page.items().size() - pageAdded;
            position = position.after(page.items(), Manga::createdAt, SyncSettings.MAX_PAGE);
        } while (page.hasMore());
        w.states().saveCursor(WORKFLOW, Optional.of(cursor.toString()), "{}", w.clock().instant());
        w.metrics().mangaSynced(added);
        return new Report(requests, added, known);
    }

    private int storePage(Page<Manga> page, Instant cursor) {
        Instant now = w.clock().instant();
        return w.db().inTransaction(c -> {
            Set<UUID> known = tracking.knownAmong(c, page.items().stream().map(Manga::id).toList());
            List<Manga> fresh = page.items().stream().filter(m -> !known.contains(m.id())).toList();
            List<MangaStore.Saved> saved = mangaStore.upsertAll(c, fresh, now);
            for (int i = 0; i < fresh.size(); i++) {
                if (saved.get(i).created()) w.events().newManga(c, saved.get(i).id(), fresh.get(i), now);
            }
            w.states().saveCursor(c, WORKFLOW, Optional.of(cursor.toString()), "{}", now);
            return fresh.size();
        });
    }
}
