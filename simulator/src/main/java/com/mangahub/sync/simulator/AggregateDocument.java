package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the JSON document of {@code GET /manga/{id}/aggregate} from the world (volumes, newest first, each mapping
 * chapter numbers to the first upload and the ids of the others; chapters without a volume under {@code "none"};
 * {@code "volumes": []} when there are none, as MangaDex answers). The client reads it into its own
 * {@code mangadex.Aggregate}. Called under the world's read lock.
 */
final class AggregateDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AggregateDocument() {}

    static ObjectNode of(World world, UUID mangaId, Set<String> languages, Set<UUID> groups) {
        List<ChapterEntry> chapters = new ArrayList<>();
        for (ChapterEntry c : world.chapters().ofManga(mangaId)) {
            if (c.publishAt().isAfter(world.now())) continue;
            if (!languages.isEmpty() && !languages.contains(c.language())) continue;
            if (!groups.isEmpty() && c.groups().stream().noneMatch(groups::contains)) continue;
            chapters.add(c);
        }
        chapters.sort(Comparator.comparingDouble(ChapterEntry::volumeKey).thenComparingDouble(ChapterEntry::numberKey)
                .reversed().thenComparing(ChapterEntry::createdAt));
        ObjectNode body = JSON.objectNode().put("result", "ok");
        if (chapters.isEmpty()) {
            body.putArray("volumes");
            return body;
        }
        Map<String, ObjectNode> volumes = volumes(chapters);
        // chapters without a volume come first, as in the captured aggregate
        ObjectNode volumesNode = body.putObject("volumes");
        if (volumes.containsKey("none")) volumesNode.set("none", volumes.remove("none"));
        volumes.forEach(volumesNode::set);
        return body;
    }

    /** Volume to {volume, count, chapters}; the first upload of a number is its id, later ones its "others". */
    private static Map<String, ObjectNode> volumes(List<ChapterEntry> chapters) {
        Map<String, ObjectNode> volumes = new LinkedHashMap<>();
        for (ChapterEntry c : chapters) {
            String volume = c.volume() == null ? "none" : c.volume();
            String number = c.chapter() == null ? "none" : c.chapter();
            ObjectNode v = volumes.computeIfAbsent(volume, k -> JSON.objectNode().put("volume", k).put("count", 0));
            v.put("count", v.get("count").asInt() + 1);
            ObjectNode chaptersNode = v.has("chapters") ? (ObjectNode) v.get("chapters") : v.putObject("chapters");
            ObjectNode entry = (ObjectNode) chaptersNode.get(number);
            if (entry == null) {
                entry = chaptersNode.putObject(number).put("chapter", number).put("id", c.id().toString());
                entry.putArray("others");
                entry.put("count", 0);
            } else {
                entry.withArray("others").add(c.id().toString());
            }
            entry.put("count", entry.get("count").asInt() + 1);
        }
        return volumes;
    }
}
