package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates series that look like MangaDex's, deterministically from a seed: titles in several languages (some
 * without English), tags of all four groups, authors, covers, statuses and ratings in the proportions of the real
 * manga page. Chapters come from {@link SeriesTimeline}. Not thread-safe: {@link World} calls it under its lock.
 */
final class WorldGenerator {
    static final Instant EPOCH = Instant.parse("2018-01-15T00:00:00Z");
    static final List<String> TRANSLATIONS = List.of("en", "en", "en", "en", "es-la", "pt-br", "fr", "ru", "id",
            "vi", "it", "pl", "tr", "de", "th", "es", "uk", "ar");
    private static final List<String> RELATIONS = List.of("sequel", "prequel", "side_story", "spin_off",
            "shared_universe", "doujinshi");

    final Random random;
    final EntityFactory entities;
    private final JsonNodeFactory json = JsonNodeFactory.instance;
    private final TagCatalog tags = new TagCatalog(json);
    private final List<UUID> authors = new ArrayList<>();
    private final List<UUID> users = new ArrayList<>();
    private final Map<String, List<UUID>> groupsByLanguage = new HashMap<>();
    private final List<UUID> mangaIds = new ArrayList<>();

    WorldGenerator(long seed) {
        this.random = new Random(seed);
        this.entities = new EntityFactory(json, random);
    }

    /** Creates the people and groups series and chapters point at; sized to the world. */
    void createCast(Entities into, int mangaCount) {
        for (int i = 0; i < Math.max(20, mangaCount / 3); i++) {
            UUID id = entities.uuid();
            into.put("author", id, entities.author(between(EPOCH, EPOCH.plus(Duration.ofDays(1500)))));
            authors.add(id);
        }
        for (int i = 0; i < Math.max(20, mangaCount / 20); i++) {
            UUID id = entities.uuid();
            into.put("user", id, entities.user(i));
            users.add(id);
        }
        for (String lang : new LinkedHashSet<>(TRANSLATIONS)) {
            for (int i = 0; i < Math.max(3, mangaCount / 50); i++) {
                UUID id = entities.uuid();
                into.put("scanlation_group", id, entities.group(lang, EPOCH));
                groupsByLanguage.computeIfAbsent(lang, k -> new ArrayList<>()).add(id);
            }
        }
    }

    /** A new series created at {@code createdAt}; its cover is registered in {@code into}. */
    MangaEntry newManga(Instant createdAt, Instant now, Entities into) {
        UUID id = entities.uuid();
        String original = Names.pick(random, List.of("ja", "ja", "ja", "ko", "ko", "zh", "en"));
        Map<String, String> title = title(original);
        ContentRating rating = weighted(new ContentRating[] {ContentRating.SAFE, ContentRating.SUGGESTIVE,
                ContentRating.EROTICA, ContentRating.PORNOGRAPHIC}, new int[] {60, 25, 10, 5});
        String status = weighted(new String[] {"ongoing", "completed", "hiatus", "cancelled"}, new int[] {62, 30, 4, 4});
        Integer year = random.nextInt(6) == 0 ? null : 1990 + random.nextInt(36);
        ObjectNode attributes = json.objectNode();
        String searchText = titles(attributes, title, original);
        details(attributes, original, status, year, rating);
        List<Relation> relations = relations(id, createdAt, original, into);
        mangaIds.add(id);
        Instant updatedAt = between(createdAt, now);
        return new MangaEntry(id, attributes, relations, rating, status, original, year, createdAt, updatedAt,
                1 + random.nextInt(8), Set.of(), null, null, searchText, title.values().iterator().next());
    }

    /** Title and alternative titles (a native-script one, sometimes an English one); returns the search text. */
    private String titles(ObjectNode attributes, Map<String, String> title, String original) {
        ObjectNode titleNode = attributes.putObject("title");
        title.forEach(titleNode::put);
        ArrayNode alt = attributes.putArray("altTitles");
        StringBuilder search = new StringBuilder(String.join(" ", title.values()));
        String nativeTitle = Names.nativeScript(random, original);
        alt.addObject().put(original.equals("en") ? "ja" : original, nativeTitle);
        search.append(' ').append(nativeTitle);
        if (!title.containsKey("en") && random.nextBoolean()) {
            String english = Names.english(random);
            alt.addObject().put("en", english);
            search.append(' ').append(english);
        }
        return search.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The rest of the attributes, in MangaDex's key order. Description and links are sometimes empty objects, and
     * an ongoing series' lastChapter is "" (sometimes null), as on the real manga page.
     */
    private void details(ObjectNode attributes, String original, String status, Integer year, ContentRating rating) {
        ObjectNode description = attributes.putObject("description");
        if (random.nextInt(5) > 0) description.put("en", "A story about " + Names.english(random).toLowerCase(Locale.ROOT) + ".");
        attributes.put("isLocked", false);
        ObjectNode links = attributes.putObject("links");
        if (random.nextBoolean()) links.put("mu", Integer.toString(100000 + random.nextInt(900000)));
        attributes.put("originalLanguage", original);
        attributes.put("lastVolume", "");
        attributes.put("lastChapter", random.nextInt(20) == 0 ? null : "");
        attributes.put("publicationDemographic", Names.pick(random, java.util.Arrays.asList("shounen", "shoujo", "seinen", "josei", null)));
        attributes.put("status", status);
        if (year == null) attributes.putNull("year"); else attributes.put("year", year);
        attributes.put("contentRating", rating.wire());
        attributes.set("tags", pickTags());
        attributes.put("state", "published");
        attributes.put("chapterNumbersResetOnNewVolume", false);
    }

    private Map<String, String> title(String original) {
        int roll = random.nextInt(100);
        if (roll < 62 || original.equals("en")) return Map.of("en", Names.english(random));
        return switch (original) {
            case "ko" -> Map.of("ko-ro", Names.romanizedKorean(random));
            case "zh" -> Map.of("zh-ro", Names.romanizedChinese(random));
            default -> roll < 95 ? Map.of("ja-ro", Names.romanizedJapanese(random)) : Map.of("ja", Names.nativeScript(random, "ja"));
        };
    }

    private ArrayNode pickTags() {
        ArrayNode array = json.arrayNode();
        Set<ObjectNode> picked = new java.util.HashSet<>();
        for (String group : List.of("genre", "genre", "theme", "format", "content")) {
            if (group.equals("content") && random.nextInt(8) > 0) continue;
            if (group.equals("format") && random.nextBoolean()) continue;
            ObjectNode tag = Names.pick(random, tags.group(group));
            if (picked.add(tag)) array.add(tag);
        }
        return array;
    }

    private List<Relation> relations(UUID mangaId, Instant createdAt, String locale, Entities into) {
        List<Relation> relations = new ArrayList<>();
        UUID author = Names.pick(random, authors);
        relations.add(Relation.of("author", author));
        relations.add(Relation.of("artist", random.nextInt(3) == 0 ? Names.pick(random, authors) : author));
        UUID cover = entities.uuid();
        into.put("cover_art", cover, entities.cover(random.nextInt(4) == 0 ? null : "1", locale, createdAt));
        relations.add(Relation.of("cover_art", cover));
        if (random.nextInt(10) < 6) relations.add(Relation.of("creator", Names.pick(random, users)));
        if (!mangaIds.isEmpty() && random.nextInt(10) == 0) {
            relations.add(new Relation("manga", Names.pick(random, mangaIds), Names.pick(random, RELATIONS)));
        }
        return relations;
    }

    List<UUID> groupsFor(String language) {
        List<UUID> groups = groupsByLanguage.getOrDefault(language, groupsByLanguage.get("en"));
        UUID first = Names.pick(random, groups);
        if (random.nextInt(12) > 0) return List.of(first);
        UUID second = Names.pick(random, groups);
        return second.equals(first) ? List.of(first) : List.of(first, second);
    }

    UUID uploader() {
        return Names.pick(random, users);
    }

    Instant between(Instant from, Instant to) {
        long span = Math.max(1, to.getEpochSecond() - from.getEpochSecond());
        return Instant.ofEpochSecond(from.getEpochSecond() + (long) (random.nextDouble() * span));
    }

    private <T> T weighted(T[] values, int[] weights) {
        int total = 0;
        for (int w : weights) total += w;
        int roll = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            roll -= weights[i];
            if (roll < 0) return values[i];
        }
        return values[values.length - 1];
    }
}
