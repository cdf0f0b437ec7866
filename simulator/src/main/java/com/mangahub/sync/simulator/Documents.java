package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Renders world entries as MangaDex JSON: {@code {id, type, attributes, relationships}} with relationship
 * attributes inlined for the types named in {@code includes[]} (left bare when the target is unknown), inside the
 * {@code entity} or {@code collection} envelope. Called under the world's read lock.
 */
final class Documents {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final World world;

    Documents(World world) {
        this.world = world;
    }

    static ObjectNode collection(List<ObjectNode> data, int limit, int offset, int total) {
        ObjectNode body = envelope("collection");
        body.putArray("data").addAll(data);
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("total", total);
        return body;
    }

    static ObjectNode entity(ObjectNode data) {
        ObjectNode body = envelope("entity");
        body.set("data", data);
        return body;
    }

    private static ObjectNode envelope(String response) {
        ObjectNode body = JSON.objectNode();
        body.put("result", "ok");
        body.put("response", response);
        return body;
    }

    ObjectNode manga(MangaEntry m, Set<String> includes) {
        ObjectNode node = JSON.objectNode();
        node.put("id", m.id().toString());
        node.put("type", "manga");
        node.set("attributes", mangaAttributes(m));
        ArrayNode relationships = node.putArray("relationships");
        for (Relation r : m.relationships()) relationships.add(relation(r, includes));
        return node;
    }

    /** The fixed attributes with the changing ones overlaid in place, so the key order stays MangaDex's. */
    ObjectNode mangaAttributes(MangaEntry m) {
        ObjectNode attributes = JSON.objectNode();
        attributes.setAll(m.fixedAttributes());
        attributes.put("createdAt", Timestamps.format(m.createdAt()));
        attributes.put("updatedAt", Timestamps.format(m.updatedAt()));
        attributes.put("version", m.version());
        ArrayNode languages = attributes.putArray("availableTranslatedLanguages");
        m.languages().forEach(languages::add);
        if (m.latestUploadedChapter() == null) attributes.putNull("latestUploadedChapter");
        else attributes.put("latestUploadedChapter", m.latestUploadedChapter().toString());
        return attributes;
    }

    ObjectNode chapter(ChapterEntry c, Set<String> includes) {
        ObjectNode node = JSON.objectNode();
        node.put("id", c.id().toString());
        node.put("type", "chapter");
        ObjectNode a = node.putObject("attributes");
        a.put("volume", c.volume());
        a.put("chapter", c.chapter());
        a.put("title", c.title());
        a.put("translatedLanguage", c.language());
        a.put("externalUrl", c.externalUrl());
        a.put("isUnavailable", false);
        a.put("publishAt", Timestamps.format(c.publishAt()));
        a.put("readableAt", Timestamps.format(c.readableAt()));
        a.put("createdAt", Timestamps.format(c.createdAt()));
        a.put("updatedAt", Timestamps.format(c.updatedAt()));
        a.put("pages", c.pages());
        a.put("version", c.version());
        ArrayNode relationships = node.putArray("relationships");
        for (UUID group : c.groups()) relationships.add(relation(Relation.of("scanlation_group", group), includes));
        relationships.add(relation(Relation.of("manga", c.mangaId()), includes));
        if (c.uploader() != null) relationships.add(relation(Relation.of("user", c.uploader()), includes));
        return node;
    }

    /** A cover with its manga as relationships: the world records covers on the manga, not the other way round. */
    ObjectNode cover(UUID coverId, ObjectNode attributes, Set<String> includes) {
        ObjectNode node = JSON.objectNode();
        node.put("id", coverId.toString());
        node.put("type", "cover_art");
        node.set("attributes", attributes);
        ArrayNode relationships = node.putArray("relationships");
        for (MangaEntry m : world.allManga()) {
            if (m.relationships().contains(Relation.of("cover_art", coverId))) {
                relationships.add(relation(Relation.of("manga", m.id()), includes));
            }
        }
        return node;
    }

    ObjectNode customList(CustomListEntry list) {
        ObjectNode node = JSON.objectNode();
        node.put("id", list.id().toString());
        node.put("type", "custom_list");
        ObjectNode attributes = node.putObject("attributes");
        attributes.put("name", list.name());
        attributes.put("visibility", list.isPublic() ? "public" : "private");
        attributes.put("version", 1);
        ArrayNode relationships = node.putArray("relationships");
        for (UUID manga : list.mangaIds()) relationships.add(relation(Relation.of("manga", manga), Set.of()));
        relationships.add(relation(Relation.of("user", UUID.nameUUIDFromBytes(list.name().getBytes())), Set.of()));
        return node;
    }

    ObjectNode relation(Relation r, Set<String> includes) {
        ObjectNode node = JSON.objectNode();
        node.put("id", r.id().toString());
        node.put("type", r.type());
        if (r.related() != null) node.put("related", r.related());
        if (includes.contains(r.type())) {
            ObjectNode attributes = expanded(r);
            if (attributes != null) node.set("attributes", attributes);
        }
        return node;
    }

    private ObjectNode expanded(Relation r) {
        if (r.type().equals("manga")) {
            MangaEntry series = world.manga(r.id());
            if (series != null) return mangaAttributes(series);
        }
        return world.entities().get(r.type(), r.id());
    }
}
