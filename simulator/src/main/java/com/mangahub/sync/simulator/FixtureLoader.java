package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Loads captured MangaDex responses into the world: series keep their attributes and relationships exactly (so
 * they render as captured), expanded relationship attributes become entities for {@code includes[]}, chapters
 * join their series. Runs under the world's write lock.
 */
final class FixtureLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final World world;

    FixtureLoader(World world) {
        this.world = world;
    }

    void loadAll(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && (name.startsWith("manga-") || name.startsWith("chapter-"))) load(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixtures in " + directory, e);
        }
    }

    void load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
        JsonNode data = root.path("data");
        List<JsonNode> items = new ArrayList<>();
        if (data.isArray()) data.forEach(items::add); else if (data.isObject()) items.add(data);
        if (items.isEmpty()) throw new IllegalArgumentException(file + " holds no MangaDex data (manga or chapter)");
        for (JsonNode item : items) {
            switch (item.path("type").asText()) {
                case "manga" -> loadManga(item);
                case "chapter" -> loadChapter(item);
                default -> throw new IllegalArgumentException(file + ": cannot load entities of type " + item.path("type"));
            }
        }
    }

    private void loadManga(JsonNode item) {
        List<Relation> relations = relations(item);
        world.putManga(manga(item, relations));
    }

    private MangaEntry manga(JsonNode item, List<Relation> relations) {
        UUID id = UUID.fromString(item.get("id").asText());
        ObjectNode attributes = ((ObjectNode) item.get("attributes")).deepCopy();
        Set<String> languages = new java.util.LinkedHashSet<>();
        attributes.path("availableTranslatedLanguages").forEach(l -> languages.add(l.asText()));
        String latest = attributes.path("latestUploadedChapter").asText(null);
        MangaEntry existing = world.manga(id);
        JsonNode title = attributes.path("title");
        String sortTitle = title.properties().isEmpty() ? "" : title.properties().iterator().next().getValue().asText();
        return new MangaEntry(id, attributes, relations,
                ContentRating.fromWire(attributes.path("contentRating").asText("safe")),
                attributes.path("status").asText("ongoing"), attributes.path("originalLanguage").asText("ja"),
                attributes.path("year").isInt() ? attributes.get("year").asInt() : null,
                Timestamps.parseOut(attributes.get("createdAt").asText()),
                Timestamps.parseOut(attributes.get("updatedAt").asText()),
                attributes.path("version").asInt(1), java.util.Collections.unmodifiableSet(languages),
                latest == null ? null : UUID.fromString(latest),
                existing == null ? null : existing.latestUploadAt(),
                (title.toString() + " " + attributes.path("altTitles")).toLowerCase(Locale.ROOT), sortTitle);
    }

    /** Relationship references, registering any inlined attributes so {@code includes[]} can expand them later. */
    private List<Relation> relations(JsonNode item) {
        List<Relation> relations = new ArrayList<>();
        for (JsonNode r : item.path("relationships")) {
            String type = r.get("type").asText();
            UUID id = UUID.fromString(r.get("id").asText());
            relations.add(new Relation(type, id, r.hasNonNull("related") ? r.get("related").asText() : null));
            if (r.has("attributes") && !(type.equals("manga") && world.manga(id) != null)) {
                world.entities().put(type, id, (ObjectNode) r.get("attributes"));
            }
        }
        return relations;
    }

    private void loadChapter(JsonNode item) {
        List<Relation> relations = relations(item);
        UUID mangaId = null;
        List<UUID> groups = new ArrayList<>();
        UUID uploader = null;
        for (Relation r : relations) {
            switch (r.type()) {
                case "manga" -> mangaId = r.id();
                case "scanlation_group" -> groups.add(r.id());
                case "user" -> uploader = r.id();
                default -> { } // other relation types carry nothing a chapter keeps
            }
        }
        if (mangaId == null) throw new IllegalArgumentException("chapter " + item.get("id") + " names no manga");
        adoptSeriesOf(item, mangaId);
        JsonNode a = item.get("attributes");
        MangaEntry series = world.manga(mangaId);
        world.putChapter(new ChapterEntry(UUID.fromString(item.get("id").asText()), mangaId,
                series == null ? ContentRating.SAFE : series.rating(), a.path("volume").asText(null),
                a.path("chapter").asText(null), a.path("title").asText(null), a.get("translatedLanguage").asText(),
                a.path("externalUrl").asText(null), a.path("pages").asInt(), time(a, "publishAt"), readableAt(a),
                time(a, "createdAt"), time(a, "updatedAt"), a.path("version").asInt(1), List.copyOf(groups), uploader));
    }

    /** A chapter's expanded series joins the world (without relationships: the capture had none) if unknown. */
    private void adoptSeriesOf(JsonNode chapter, UUID mangaId) {
        if (world.manga(mangaId) != null) return;
        for (JsonNode r : chapter.path("relationships")) {
            if (r.path("type").asText().equals("manga") && r.has("attributes")) {
                ObjectNode asItem = JSON.createObjectNode().put("id", mangaId.toString()).put("type", "manga");
                asItem.set("attributes", r.get("attributes"));
                world.putManga(manga(asItem, List.of()));
            }
        }
    }

    /** Older captures lack readableAt; it is the later of publishAt and createdAt. */
    private static Instant readableAt(JsonNode a) {
        Instant readable = time(a, "readableAt");
        if (readable != null) return readable;
        Instant publish = time(a, "publishAt");
        Instant created = time(a, "createdAt");
        return publish.isAfter(created) ? publish : created;
    }

    private static Instant time(JsonNode attributes, String field) {
        JsonNode value = attributes.get(field);
        return value == null || value.isNull() ? null : Timestamps.parseOut(value.asText());
    }
}
