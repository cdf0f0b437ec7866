package com.mangahub.sync.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Everything that adds to or changes the world: the initial population, publications on request, and live mode,
 * which publishes at a steady rate of world time with the same quirks the generated history has (repeats by
 * other groups, decimals, oneshots, late lower numbers, delayed releases, external links, edits, deletions).
 * Runs only under the world's write lock.
 */
final class Publisher {
    private final World world;
    private final WorldGenerator generator;
    private final Random random;
    private double chaptersPerMinute;
    private double mangaPerMinute;
    private double owedChapters;
    private double owedManga;
    private Instant lastRun;

    Publisher(World world, WorldGenerator generator) {
        this.world = world;
        this.generator = generator;
        this.random = generator.random;
    }

    void populate(int mangaCount, int chapterCount) {
        Instant now = world.now();
        generator.createCast(world.entities(), mangaCount);
        int[] counts = spread(chapterCount, mangaCount);
        for (int i = 0; i < mangaCount; i++) {
            MangaEntry series = generator.newManga(generator.between(WorldGenerator.EPOCH, now.minus(Duration.ofDays(1))), now, world.entities());
            SeriesTimeline timeline = new SeriesTimeline(generator, series);
            ChapterEntry latest = null;
            java.util.Set<String> languages = new java.util.LinkedHashSet<>();
            for (ChapterEntry chapter : timeline.generate(counts[i], now)) {
                world.chapters().put(chapter); // straight into the index: the series is updated once, below
                languages.add(chapter.language());
                if (latest == null || !chapter.createdAt().isBefore(latest.createdAt())) latest = chapter;
            }
            world.putManga(latest == null ? series : series.withLatest(latest.id(), latest.createdAt(), languages));
            if (!series.status().equals("ongoing") && !series.status().equals("hiatus")) {
                // editors fill in the final chapter only once a series has ended
                series.fixedAttributes().put("lastChapter", timeline.finalNumber());
                series.fixedAttributes().put("lastVolume", counts[i] > 0 ? "1" : "");
            }
        }
    }

    /** Chapters per series: a skewed split (a few long series, many short ones, some empty) summing exactly. */
    private int[] spread(int chapterCount, int mangaCount) {
        int[] counts = new int[mangaCount];
        if (mangaCount == 0) return counts;
        double[] weights = new double[mangaCount];
        double sum = 0;
        for (int i = 0; i < mangaCount; i++) sum += weights[i] = -Math.log(1 - random.nextDouble()) * (random.nextInt(10) == 0 ? 5 : 1);
        int given = 0;
        for (int i = 0; i < mangaCount; i++) given += counts[i] = (int) (chapterCount * weights[i] / sum);
        for (int i = 0; given < chapterCount; i = (i + 1) % mangaCount, given++) counts[i]++;
        return counts;
    }

    /**
     * A new ongoing series created now. Asked for explicitly it is rated safe, so it shows up under the default
     * content ratings (a test publishing "a new manga" expects to see it); live mode keeps the world's mix.
     */
    UUID newManga(Instant now, boolean anyRating) {
        MangaEntry drawn = generator.newManga(now, now, world.entities());
        ContentRating rating = anyRating ? drawn.rating() : ContentRating.SAFE;
        drawn.fixedAttributes().put("status", "ongoing");
        drawn.fixedAttributes().put("contentRating", rating.wire());
        world.putManga(new MangaEntry(drawn.id(), drawn.fixedAttributes(), drawn.relationships(), rating, "ongoing",
                drawn.originalLanguage(), drawn.year(), now, now, 1, drawn.languages(), null, null,
                drawn.searchText(), drawn.sortTitle()));
        return drawn.id();
    }

    UUID publish(NewChapter request, Instant now) {
        MangaEntry series = world.manga(request.mangaId());
        if (series == null) throw new IllegalArgumentException("no manga " + request.mangaId() + " in the world");
        String number = request.oneshot() ? null : request.chapter() != null ? request.chapter() : nextNumber(series.id(), request.language());
        ChapterEntry base = new SeriesTimeline(generator, series).upload(request.language(), number, now, now, true);
        Instant publishAt = request.linkOnly() ? now.plus(ChapterEntry.LINK_ONLY_AHEAD) : now.plus(request.publishDelay());
        Instant readableAt = request.linkOnly() || !publishAt.isAfter(now) ? now : publishAt;
        ChapterEntry chapter = new ChapterEntry(base.id(), series.id(), series.rating(), request.volume(), number,
                request.title() != null ? request.title() : base.title(), request.language(), request.externalUrl(),
                request.externalUrl() != null ? 0 : base.pages(), publishAt, readableAt, now, now, 1,
                request.groups() != null ? request.groups() : base.groups(),
                request.uploader() != null ? request.uploader() : base.uploader());
        world.putChapter(chapter);
        return chapter.id();
    }

    private String nextNumber(UUID mangaId, String language) {
        int max = 0;
        for (ChapterEntry c : world.chapters().ofManga(mangaId)) {
            if (c.language().equals(language)) max = Math.max(max, (int) c.numberKey());
        }
        return Integer.toString(max + 1);
    }

    void edit(UUID chapterId, Instant now) {
        ChapterEntry chapter = world.chapters().get(chapterId);
        if (chapter == null) throw new IllegalArgumentException("no chapter " + chapterId + " in the world");
        world.putChapter(chapter.edited(now, chapter.title() == null ? "" : chapter.title() + " (fixed)", chapter.pages()));
    }

    void live(double chaptersPerMinute, double mangaPerMinute, Instant now) {
        if (chaptersPerMinute < 0 || mangaPerMinute < 0) throw new IllegalArgumentException("live rates must not be negative");
        this.chaptersPerMinute = chaptersPerMinute;
        this.mangaPerMinute = mangaPerMinute;
        this.lastRun = now;
    }

    void catchUp(Instant now) {
        if (lastRun == null || !now.isAfter(lastRun)) return;
        double minutes = Duration.between(lastRun, now).toMillis() / 60_000.0;
        lastRun = now;
        owedManga += minutes * mangaPerMinute;
        owedChapters += minutes * chaptersPerMinute;
        for (; owedManga >= 1; owedManga--) newManga(now, true);
        for (; owedChapters >= 1; owedChapters--) liveChapter(now);
    }

    private void liveChapter(Instant now) {
        List<MangaEntry> running = new ArrayList<>();
        for (MangaEntry m : world.allManga()) if (m.status().equals("ongoing") || m.status().equals("hiatus")) running.add(m);
        if (running.isEmpty()) return;
        MangaEntry series = running.get(random.nextInt(running.size()));
        int roll = random.nextInt(100);
        List<ChapterEntry> existing = world.chapters().ofManga(series.id());
        if (roll < 5 && !existing.isEmpty()) {
            edit(existing.get(random.nextInt(existing.size())).id(), now);
            return;
        }
        if (roll < 7 && !existing.isEmpty()) {
            world.removeChapter(existing.get(random.nextInt(existing.size())).id());
            return;
        }
        String language = series.languages().isEmpty() ? "en" : Names.pick(random, List.copyOf(series.languages()));
        SeriesTimeline timeline = new SeriesTimeline(generator, series);
        String next = nextNumber(series.id(), language);
        String number = roll < 10 ? null : roll < 15 ? next + ".5" : roll < 20 ? lowerMissing(series.id(), language, next) : next;
        world.putChapter(timeline.upload(language, number, now, now, true));
    }

    /** A number below the latest that was never uploaded in that language (a late upload), else the next one. */
    private String lowerMissing(UUID mangaId, String language, String next) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ChapterEntry c : world.chapters().ofManga(mangaId)) if (c.language().equals(language)) seen.add(c.chapter());
        for (int n = 1; n < Integer.parseInt(next) - 1; n++) if (!seen.contains(Integer.toString(n))) return Integer.toString(n);
        return next;
    }
}
