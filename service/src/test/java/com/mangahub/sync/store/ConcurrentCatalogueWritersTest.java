package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Tag;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalogue's writers (new-manga poll, import pages, a manual sync, a follow) upsert the same series at the same
 * moment: none may fail. Tag rows were once locked after series rows, so a writer holding a series row and waiting for
 * a tag met one holding the tag and waiting for the series row (its foreign key): a deadlock, a 500 on a manual sync.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentCatalogueWritersTest {
    private static final List<Tag> TAGS = List.of(
            new Tag(UUID.fromString("391b0423-d847-456f-aff0-8b0cfc03066b"), "Action", "genre"),
            new Tag(UUID.fromString("ace04997-f6bd-436e-b261-779182193d3d"), "Isekai", "theme"),
            new Tag(UUID.fromString("b9af3a63-f058-46de-a9a0-e0c13906197a"), "Romance", "genre"));
    private final MangaStore store = new MangaStore();

    @Test
    void writersOfTheSameSeriesInAnyOrderNeverDeadlock(Database db) throws Exception {
        int writers = 4;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                List<Manga> series = new ArrayList<>();
                for (int i = 0; i < 3; i++) series.add(manga("Round " + round + " series " + i));
                CyclicBarrier together = new CyclicBarrier(writers);
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    List<Manga> page = new ArrayList<>(series);
                    Collections.shuffle(page);
                    // half the writers take one series per transaction (a follow), half the page (a poll)
                    boolean single = w % 2 == 0;
                    runs.add(CompletableFuture.runAsync(() -> {
                        try {
                            together.await();
                            if (single) {
                                for (Manga m : page) db.inTransaction(h -> store.upsert(h, m, Instant.now()));
                            } else {
                                db.inTransaction(h -> store.upsertAll(h, page, Instant.now()));
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, pool));
                }
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("writers that failed").isEmpty();
        long links = db.inTransaction(h -> h.createQuery("select count(*) from manga_tags").mapTo(Long.class).one());
        assertThat(links).isEqualTo(20L * 3 * TAGS.size());
    }

    private static Manga manga(String title) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new Manga(UUID.randomUUID(), title, Map.of("en", title), List.of(), Optional.empty(), List.of("A"),
                List.of("B"), Optional.of("ongoing"), Optional.empty(), Optional.of(2020), Optional.of("safe"),
                Optional.of("ja"), Optional.empty(), TAGS, Optional.empty(), Optional.empty(), List.of("en"), at, at,
                1);
    }
}
