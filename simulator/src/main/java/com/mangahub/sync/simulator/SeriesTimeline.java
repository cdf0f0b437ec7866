package com.mangahub.sync.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The chapter history of one generated series: uploads spread from its creation to now, in several languages,
 * with the quirks real feeds have: the same number from several groups, decimal and null numbers, a number
 * skipped and uploaded late (lower than the latest), delayed releases with publishAt in the future, external-URL
 * chapters with no pages, link-only ones among them (publishAt years ahead, readableAt = createdAt, as MangaDex
 * marks an official publisher's chapter), and edited chapters (updatedAt after createdAt, version above 1).
 */
final class SeriesTimeline {
    private final WorldGenerator generator;
    private final Random random;
    private final MangaEntry manga;
    private final List<String> languages;
    private final Map<String, Integer> lastNumber = new HashMap<>();
    private final Map<String, Deque<Integer>> skipped = new HashMap<>();

    SeriesTimeline(WorldGenerator generator, MangaEntry manga) {
        this.generator = generator;
        this.random = generator.random;
        this.manga = manga;
        int languageCount = 1 + Math.min(random.nextInt(4), random.nextInt(5));
        List<String> chosen = new ArrayList<>();
        chosen.add(random.nextInt(10) < 8 ? "en" : Names.pick(random, WorldGenerator.TRANSLATIONS));
        while (chosen.size() < languageCount) {
            String lang = Names.pick(random, WorldGenerator.TRANSLATIONS);
            if (!chosen.contains(lang)) chosen.add(lang);
        }
        this.languages = List.copyOf(chosen);
    }

    /** {@code count} chapters uploaded between the series' creation and {@code now}, oldest first. */
    List<ChapterEntry> generate(int count, Instant now) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) times[i] = generator.between(manga.createdAt(), now).getEpochSecond();
        Arrays.sort(times);
        List<ChapterEntry> chapters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String language = random.nextInt(3) > 0 ? languages.get(0) : Names.pick(random, languages);
            boolean recent = i > count * 0.85;
            chapters.add(upload(language, nextNumber(language), Instant.ofEpochSecond(times[i]), now, recent));
        }
        return chapters;
    }

    /** The next chapter number for a language, or null for an extra/oneshot. */
    String nextNumber(String language) {
        int roll = random.nextInt(100);
        Integer last = lastNumber.get(language);
        Deque<Integer> pending = skipped.computeIfAbsent(language, k -> new ArrayDeque<>());
        if (roll < 2) return null;
        if (roll < 10 && last != null) return last.toString(); // another group uploads the same number
        if (roll < 16 && last != null) return last + "." + (1 + random.nextInt(5));
        if (roll < 22 && !pending.isEmpty()) return pending.poll().toString(); // late upload of a lower number
        int next = last == null ? 1 : last + 1;
        if (roll < 26) {
            pending.add(next);
            next++;
        }
        lastNumber.put(language, next);
        return Integer.toString(next);
    }

    ChapterEntry upload(String language, String number, Instant createdAt, Instant now, boolean recent) {
        int roll = random.nextInt(100);
        String externalUrl = roll < 2 ? "https://mangaplus.shueisha.co.jp/viewer/" + (1000000 + random.nextInt(900000)) : null;
        // roll 0: link-only (publishAt years ahead, readable since its creation); roll 1: an external URL released
        // like any upload; rolls 2 to 4: a delayed release
        boolean linkOnly = roll == 0;
        Instant publishAt = linkOnly ? createdAt.plus(ChapterEntry.LINK_ONLY_AHEAD) : createdAt;
        if (roll >= 2 && roll < 5) publishAt = now.plus(Duration.ofMinutes(60 + random.nextInt(60 * 24 * 14)));
        Instant updatedAt = createdAt;
        int version = 1;
        if (random.nextInt(10) == 0) {
            updatedAt = generator.between(createdAt, now);
            version = 2 + random.nextInt(3);
        }
        String volume = recent || number == null ? null : Integer.toString(1 + (int) (Double.parseDouble(number) / 9));
        String title = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> null;
            default -> Names.english(random).substring(4);
        };
        return new ChapterEntry(generator.entities.uuid(), manga.id(), manga.rating(), volume, number, title,
                language, externalUrl, externalUrl != null ? 0 : 8 + random.nextInt(50), publishAt,
                linkOnly || !publishAt.isAfter(createdAt) ? createdAt : publishAt, createdAt, updatedAt, version,
                generator.groupsFor(language), generator.uploader());
    }

    /** The series' final number, as editors fill in {@code lastChapter} once a series has ended. */
    String finalNumber() {
        return lastNumber.values().stream().max(Integer::compare).map(String::valueOf).orElse("");
    }
}
