package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.mangadex.MangaQuery;
import com.mangahub.sync.mangadex.Page;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.mangadex.SortOrder;
import com.mangahub.sync.store.MangaStore;
import com.mangahub.sync.store.SyncState;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bulk import of series metadata, oldest first ({@code order[createdAt]=asc}), 100 per request with authors,
 * artists and covers. Each page commits with the cursor and count that follow it, so a crash resumes at the next
 * page; past 10,000 results the walk re-anchors on {@code createdAtSince}. The next page is fetched while the
 * current one is written, so a large import is paced by the rate limit alone. No chapters are stored.
 */
final class InitialImport {
    static final String WORKFLOW = "initial_sync";

    private final WorkflowContext w;
    private final MangaStore mangaStore = new MangaStore();

    InitialImport(WorkflowContext w) {
        this.w = w;
    }

    ImportReport run(int target, boolean force, ImportProgress progress) {
        long t0 = System.nanoTime();
        SyncState saved = w.states().read(WORKFLOW);
        ImportState state = ImportState.decode(w.json(), saved.metadataJson());
        if (!force && state.completed() && state.imported() >= target) {
            return new ImportReport(true, state.imported(), target, 0, 0, false);
        }
        boolean resume = !force && saved.cursor().isPresent();
        WindowCursor position = resume ? WindowCursor.decode(saved.cursor()).orElseThrow() : WindowCursor.from(Optional.empty());
        state = resume ? new ImportState(state.imported(), target, false, state.edge()) : ImportState.fresh(target);
        ImportState from = state;
        // bulk: its thousands of requests take what detection and readers leave of the rate budget
        Walk walk = RequestPriority.bulk(() -> walk(position, from, progress));
        return new ImportReport(false, walk.state.imported(), target, walk.requests, (System.nanoTime() - t0) / 1_000_000,
                walk.exhausted);
    }

    private record Walk(ImportState state, int requests, boolean exhausted) {}

    private Walk walk(WindowCursor position, ImportState state, ImportProgress progress) {
        int requests = 0;
        boolean exhausted = false;
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            while (state.imported() < state.target()) {
                int limit = Math.min(SyncSettings.MAX_PAGE, state.target() - state.imported() + state.edge().size());
                Page<Manga> page = w.api().listManga(new MangaQuery(position.since(), Optional.empty(),
                        SortOrder.asc("createdAt"), position.offset(), limit, w.settings().contentRatings()));
                requests++;
                Set<UUID> edge = state.edge();
                List<Manga> fresh = page.items().stream().filter(m -> !edge.contains(m.id()))
                        .limit(state.target() - state.imported()).toList();
                WindowCursor next = position.after(page.items(), Manga::createdAt, SyncSettings.MAX_PAGE);
                int imported = state.imported() + fresh.size();
                exhausted = !page.hasMore() && imported < state.target();
                state = new ImportState(imported, state.target(), exhausted || imported >= state.target(),
                        edgeOf(page, next));
                ImportState after = state;
                WindowCursor cursor = next;
                join(writing);
                writing = CompletableFuture.runAsync(() -> store(fresh, cursor, after, progress), writer);
                position = next;
                if (exhausted) break;
            }
            join(writing);
        }
        return new Walk(state, requests, exhausted);
    }

    /** Waits for the previous page's write; its failure is this run's failure, as itself. */
    private static void join(CompletableFuture<Void> writing) {
        try {
            writing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    /** After a re-anchor the next page starts a second early: the ids of this page at or after it come again. */
    private static Set<UUID> edgeOf(Page<Manga> page, WindowCursor next) {
        if (next.offset() != 0 || next.since().isEmpty()) return Set.of();
        Instant anchor = next.since().get();
        Set<UUID> edge = new HashSet<>();
        for (Manga m : page.items()) if (!m.createdAt().isBefore(anchor)) edge.add(m.id());
        return edge;
    }

    private void store(List<Manga> page, WindowCursor cursor, ImportState state, ImportProgress progress) {
        Instant now = w.clock().instant();
        w.db().inTransaction(c -> {
            mangaStore.upsertAll(c, page, now);
            w.states().saveCursor(c, WORKFLOW, Optional.of(cursor.encode()), state.encode(w.json()), now);
            return null;
        });
        w.metrics().mangaSynced(page.size());
        progress.advanced(state.imported(), state.target());
    }
}
