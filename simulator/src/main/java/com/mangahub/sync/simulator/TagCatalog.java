package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** MangaDex's tag vocabulary (a representative part of it) in its four groups: genre, theme, format, content. */
final class TagCatalog {
    private static final Map<String, List<String>> BY_GROUP = Map.of(
            "genre", List.of("Action", "Romance", "Comedy", "Drama", "Fantasy", "Sci-Fi", "Slice of Life", "Horror",
                    "Mystery", "Psychological", "Sports", "Isekai", "Thriller", "Tragedy", "Adventure"),
            "theme", List.of("School Life", "Supernatural", "Monsters", "Martial Arts", "Magic", "Video Games",
                    "Reincarnation", "Military", "Cooking", "Office Workers", "Vampires", "Post-Apocalyptic",
                    "Virtual Reality", "Crossdressing", "Villainess"),
            "format", List.of("Oneshot", "Web Comic", "Full Color", "Long Strip", "4-Koma", "Adaptation",
                    "Anthology", "Award Winning"),
            "content", List.of("Gore", "Sexual Violence"));

    private final Map<String, List<ObjectNode>> tags;

    TagCatalog(JsonNodeFactory json) {
        Map<String, List<ObjectNode>> built = new java.util.HashMap<>();
        BY_GROUP.forEach((group, names) -> {
            List<ObjectNode> nodes = new ArrayList<>();
            for (String name : names) nodes.add(tag(json, group, name));
            built.put(group, List.copyOf(nodes));
        });
        this.tags = Map.copyOf(built);
    }

    List<ObjectNode> group(String group) {
        return tags.get(group);
    }

    private static ObjectNode tag(JsonNodeFactory json, String group, String name) {
        ObjectNode node = json.objectNode();
        node.put("id", UUID.nameUUIDFromBytes(("tag:" + name).getBytes(StandardCharsets.UTF_8)).toString());
        node.put("type", "tag");
        ObjectNode attributes = node.putObject("attributes");
        attributes.putObject("name").put("en", name);
        attributes.putObject("description");
        attributes.put("group", group);
        attributes.put("version", 1);
        node.putArray("relationships");
        return node;
    }
}
