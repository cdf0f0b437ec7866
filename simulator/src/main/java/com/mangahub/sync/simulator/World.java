package com.mangahub.sync.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The simulator's MangaDex: series, chapters and the entities they point at, in memory, thread-safe (one
 * read-write lock: requests read in parallel, publications write alone). Generated from a seed; fixture files can be
 * loaded on top. Keeps {@code latestUploadedChapter} and {@code availableTranslatedLanguages} true to the chapters.
 */
public final class World {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<UUID, MangaEntry> manga = new HashMap<>();
    private final Map<UUID, CustomListEntry> lists = new HashMap<>();
    private final ChapterIndex chapters = new ChapterIndex();
    private final Entities entities = new Entities();
    private final WorldClock clock;
    private final Publisher publisher;

    private World(long seed, Clock clock) {
        this.clock = new WorldClock(clock);
        this.publisher = new Publisher(this, new WorldGenerator(seed));
    }

    /** A world of {@code mangaCount} series and {@code chapterCount} chapters, the same for the same seed and time. */
    public static World generate(long seed, int mangaCount, int chapterCount, Clock clock) {
        if (mangaCount < 0 || chapterCount < 0) throw new IllegalArgumentException("world size must not be negative");
        if (chapterCount > 0 && mangaCount == 0) throw new IllegalArgumentException("chapters need at least one manga");
        World world = new World(seed, clock);
        world.write(() -> world.publisher.populate(mangaCount, chapterCount));
        world.chapters.settle();
        return world;
    }

    public Clock clock() {
        return clock;
    }

    /** Moves the world clock forward and, in live mode, publishes what that span would have brought. */
    public void advance(Duration by) {
        clock.advance(by);
        runOnce();
    }

    /** Live mode: keep publishing this many new chapters and new manga per minute of world time (0: only when told). */
    public void publishContinuously(double chaptersPerMinute, double mangaPerMinute) {
        write(() -> publisher.live(chaptersPerMinute, mangaPerMinute, clock.instant()));
    }

    /** Publishes what live mode owes since the last run (new manga and chapters, some edits and deletions). */
    public void runOnce() {
        write(() -> publisher.catchUp(clock.instant()));
    }

    /** Publishes a new ongoing series, rated safe, created now; it has no chapters until some are published. */
    public UUID publishManga() {
        return write(() -> publisher.newManga(clock.instant(), false));
    }

    /** Publishes the next chapter of a series in a language, now. */
    public UUID publishChapter(UUID mangaId, String language) {
        return publish(NewChapter.of(mangaId, language));
    }

    public UUID publish(NewChapter chapter) {
        return write(() -> publisher.publish(chapter, clock.instant()));
    }

    /** Edits a chapter now: its updatedAt moves to now and its version goes up. */
    /**
     * A reader's custom list (MDList) of these series, public or private; returns its id. MangaDex answers a
     * private list's {@code GET /list/{id}} without its owner's login with 404, as the simulator does.
     */
    public UUID putList(String name, boolean isPublic, List<UUID> mangaIds) {
        UUID id = UUID.randomUUID();
        write(() -> lists.put(id, new CustomListEntry(id, name, isPublic, List.copyOf(mangaIds))));
        return id;
    }

    CustomListEntry list(UUID id) {
        return lists.get(id);
    }

    public void editChapter(UUID chapterId) {
        write(() -> publisher.edit(chapterId, clock.instant()));
    }

    /**
     * Sets a series' status as a MangaDex editor would (ongoing, completed, hiatus, cancelled): its version and
     * updatedAt move, its latest upload does not. False when there is no such series.
     */
    public boolean setStatus(UUID mangaId, String status) {
        if (!java.util.Set.of("ongoing", "completed", "hiatus", "cancelled").contains(status)) {
            throw new IllegalArgumentException("status must be ongoing, completed, hiatus or cancelled: " + status);
        }
        return write(() -> {
            MangaEntry series = manga.get(mangaId);
            if (series == null) return false;
            manga.put(mangaId, series.withStatus(status, clock.instant()));
            return true;
        });
    }

    /** Deletes a chapter; false when there is no such chapter. */
    public boolean deleteChapter(UUID chapterId) {
        return write(() -> removeChapter(chapterId) != null);
    }

    public int mangaCount() {
        return read(manga::size);
    }

    public int chapterCount() {
        return read(chapters::size);
    }

    public List<UUID> mangaIds() {
        return read(() -> new ArrayList<>(manga.keySet()));
    }

    /** Ids of a series' chapters (all languages, future ones included), oldest upload first. */
    public List<UUID> chapterIds(UUID mangaId) {
        return read(() -> chapters.ofManga(mangaId).stream()
                .sorted(java.util.Comparator.comparing(ChapterEntry::createdAt)).map(ChapterEntry::id).toList());
    }

    /** The file name of a series' primary cover, as {@code cover_art.fileName} says; empty for an unknown series. */
    public Optional<String> coverFileName(UUID mangaId) {
        return read(() -> {
            MangaEntry entry = manga.get(mangaId);
            if (entry == null) return Optional.<String>empty();
            return entry.relationships().stream().filter(r -> "cover_art".equals(r.type())).findFirst()
                    .map(r -> entities.get("cover_art", r.id()))
                    .map(attributes -> attributes.path("fileName").asText(null));
        });
    }

    /** Loads a captured MangaDex response (a manga or chapter page or entity), e.g. the shared fixtures. */
    public void loadFixture(Path file) {
        write(() -> new FixtureLoader(this).load(file));
        chapters.settle();
    }

    /** Loads every {@code manga-*.json} and {@code chapter-*.json} response in a folder. */
    public void loadFixtures(Path directory) {
        write(() -> new FixtureLoader(this).loadAll(directory));
        chapters.settle();
    }

    // ---- package-private: queries and writers, always under the lock ----

    <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> change) {
        lock.writeLock().lock();
        try {
            return change.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void write(Runnable change) {
        write(() -> {
            change.run();
            return null;
        });
    }

    MangaEntry manga(UUID id) {
        return manga.get(id);
    }

    Collection<MangaEntry> allManga() {
        return manga.values();
    }

    ChapterIndex chapters() {
        return chapters;
    }

    Entities entities() {
        return entities;
    }

    Instant now() {
        return clock.instant();
    }

    void putManga(MangaEntry entry) {
        manga.put(entry.id(), entry);
    }

    /** Adds or replaces a chapter and moves its series' latest upload and languages along. */
    void putChapter(ChapterEntry chapter) {
        chapters.put(chapter);
        MangaEntry series = manga.get(chapter.mangaId());
        if (series == null) return;
        Set<String> languages = new java.util.LinkedHashSet<>(series.languages());
        languages.add(chapter.language());
        boolean latest = series.latestUploadAt() == null || !chapter.createdAt().isBefore(series.latestUploadAt());
        manga.put(series.id(), latest
                ? series.withLatest(chapter.id(), chapter.createdAt(), languages)
                : series.withLatest(series.latestUploadedChapter(), series.latestUploadAt(), languages));
    }

    ChapterEntry removeChapter(UUID chapterId) {
        ChapterEntry removed = chapters.remove(chapterId);
        MangaEntry series = removed == null ? null : manga.get(removed.mangaId());
        if (series == null) return removed;
        List<ChapterEntry> left = chapters.ofManga(series.id());
        Set<String> languages = new java.util.LinkedHashSet<>(series.languages());
        if (left.stream().noneMatch(c -> c.language().equals(removed.language()))) languages.remove(removed.language());
        if (!removed.id().equals(series.latestUploadedChapter())) {
            manga.put(series.id(), series.withLatest(series.latestUploadedChapter(), series.latestUploadAt(), languages));
            return removed;
        }
        ChapterEntry newest = left.stream().max(java.util.Comparator.comparing(ChapterEntry::createdAt)).orElse(null);
        manga.put(series.id(), newest == null
                ? series.withLatest(null, null, languages)
                : series.withLatest(newest.id(), newest.createdAt(), languages));
        return removed;
    }
}
