package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The MangaDex endpoints: each reads its parameters as MangaDex validates them and answers from the world. */
final class ApiRoutes {
    static final Set<String> MANGA_INCLUDES = Set.of("manga", "cover_art", "author", "artist", "tag", "creator");
    static final Set<String> CHAPTER_INCLUDES = Set.of("manga", "scanlation_group", "user");
    private static final Set<String> RATINGS = Set.of("safe", "suggestive", "erotica", "pornographic");
    private static final Set<String> STATUSES = Set.of("ongoing", "completed", "hiatus", "cancelled");

    private final World world;
    private final Documents documents;
    private final Set<ContentRating> defaultRatings;

    ApiRoutes(World world, Set<ContentRating> defaultRatings) {
        this.world = world;
        this.documents = new Documents(world);
        this.defaultRatings = Set.copyOf(defaultRatings);
    }

    Reply mangaList(QueryParams q) {
        QueryParams.Paging paging = q.paging(0, 100, 10);
        MangaSearch.Filter filter = new MangaSearch.Filter(Set.copyOf(q.ids("ids[]")),
                Optional.ofNullable(q.single("title")), q.since("createdAtSince"), q.since("updatedAtSince"),
                ratings(q), Set.copyOf(q.languages("availableTranslatedLanguage[]")),
                Set.copyOf(q.enumList("status[]", STATUSES)), Set.copyOf(q.languages("originalLanguage[]")),
                hasChapters(q));
        Map<String, Boolean> order = q.order(MangaSearch.ORDER_FIELDS);
        Set<String> includes = Set.copyOf(q.enumList("includes[]", MANGA_INCLUDES));
        return world.read(() -> {
            MangaSearch.Result result = MangaSearch.find(world, filter, order, paging);
            List<ObjectNode> data = result.page().stream().map(m -> documents.manga(m, includes)).toList();
            return Reply.json(200, Documents.collection(data, paging.limit(), paging.offset(), result.total()).toString())
                    .markEmptyPage(data.isEmpty());
        });
    }

    Reply manga(QueryParams q, String id) {
        UUID mangaId = pathId(id);
        Set<String> includes = Set.copyOf(q.enumList("includes[]", MANGA_INCLUDES));
        return world.read(() -> {
            MangaEntry m = world.manga(mangaId);
            if (m == null) throw MangaDexError.notFound("Manga with id " + mangaId + " not found");
            return Reply.json(200, Documents.entity(documents.manga(m, includes)).toString());
        });
    }

    Reply feed(QueryParams q, String id) {
        return chapters(q, Optional.of(pathId(id)), q.paging(1, 500, 100));
    }

    Reply chapterList(QueryParams q) {
        QueryParams.Paging paging = q.paging(0, 100, 10);
        return chapters(q, q.uuid("manga"), paging);
    }

    private Reply chapters(QueryParams q, Optional<UUID> manga, QueryParams.Paging paging) {
        Map<TimeField, Instant> since = new EnumMap<>(TimeField.class);
        q.since("createdAtSince").ifPresent(t -> since.put(TimeField.CREATED_AT, t));
        q.since("updatedAtSince").ifPresent(t -> since.put(TimeField.UPDATED_AT, t));
        q.since("publishAtSince").ifPresent(t -> since.put(TimeField.PUBLISH_AT, t));
        q.flag("includeFutureUpdates"); // validated; the world never holds updates dated in the future
        ChapterFilter filter = new ChapterFilter(manga, Set.copyOf(q.ids("ids[]")),
                Set.copyOf(q.languages("translatedLanguage[]")), Set.copyOf(q.ids("groups[]")), ratings(q), since,
                q.flag("includeFuturePublishAt"), q.flag("includeEmptyPages"), q.flag("includeExternalUrl"), world.now());
        Map<String, Boolean> order = q.order(ChapterSearch.ORDER_FIELDS);
        Set<String> includes = Set.copyOf(q.enumList("includes[]", CHAPTER_INCLUDES));
        return world.read(() -> {
            ChapterSearch.Result result = ChapterSearch.find(world, filter, order, paging);
            List<ObjectNode> data = result.page().stream().map(c -> documents.chapter(c, includes)).toList();
            return Reply.json(200, Documents.collection(data, paging.limit(), paging.offset(), result.total()).toString())
                    .markEmptyPage(data.isEmpty());
        });
    }

    Reply chapter(QueryParams q, String id) {
        UUID chapterId = pathId(id);
        Set<String> includes = Set.copyOf(q.enumList("includes[]", CHAPTER_INCLUDES));
        return world.read(() -> {
            ChapterEntry c = world.chapters().get(chapterId);
            if (c == null) throw MangaDexError.notFound("Chapter with id " + chapterId + " not found");
            return Reply.json(200, Documents.entity(documents.chapter(c, includes)).toString());
        });
    }

    /** Every series of the list as a bare {@code manga} relationship, and the owner as {@code user}, in one answer. */
    Reply customList(QueryParams q, String id) {
        UUID listId = pathId(id);
        return world.read(() -> {
            CustomListEntry list = world.list(listId);
            if (list == null || !list.isPublic()) throw MangaDexError.notFound("CustomList with id " + listId + " not found");
            return Reply.json(200, Documents.entity(documents.customList(list)).toString());
        });
    }

    Reply aggregate(QueryParams q, String id) {
        UUID mangaId = pathId(id);
        Set<String> languages = Set.copyOf(q.languages("translatedLanguage[]"));
        Set<UUID> groups = Set.copyOf(q.ids("groups[]"));
        return world.read(() -> Reply.json(200, AggregateDocument.of(world, mangaId, languages, groups).toString()));
    }

    Reply cover(QueryParams q, String id) {
        UUID coverId = pathId(id);
        Set<String> includes = Set.copyOf(q.enumList("includes[]", Set.of("manga", "user")));
        return world.read(() -> {
            ObjectNode attributes = world.entities().get("cover_art", coverId);
            if (attributes == null) throw MangaDexError.notFound("Cover with id " + coverId + " not found");
            ObjectNode node = Documents.entity(documents.cover(coverId, attributes, includes));
            return Reply.json(200, node.toString());
        });
    }

    private Set<ContentRating> ratings(QueryParams q) {
        List<String> named = q.enumList("contentRating[]", RATINGS);
        if (named.isEmpty()) return defaultRatings;
        Set<ContentRating> ratings = new HashSet<>();
        for (String r : named) ratings.add(ContentRating.fromWire(r));
        return ratings;
    }

    private static Optional<Boolean> hasChapters(QueryParams q) {
        String value = q.single("hasAvailableChapters");
        if (value == null) return Optional.empty();
        return switch (value) {
            case "1", "true" -> Optional.of(true);
            case "0", "false" -> Optional.of(false);
            default -> throw MangaDexError.validation("hasAvailableChapters", "Must be one of [0, 1, true, false]");
        };
    }

    private static UUID pathId(String id) {
        try {
            if (id.length() != 36) throw new IllegalArgumentException(id);
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw MangaDexError.validation("id", "Must be a valid UUID");
        }
    }
}
