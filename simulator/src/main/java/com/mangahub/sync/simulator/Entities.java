package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attributes of everything a relationship can point at besides world series: authors (also serving
 * {@code artist}), covers, scanlation groups, users, and series known only as somebody's relation (loaded from
 * fixtures). {@code includes[]} expansion reads them; a reference not found here stays bare, as on MangaDex.
 */
final class Entities {
    private final Map<String, Map<UUID, ObjectNode>> byType = new ConcurrentHashMap<>();

    void put(String type, UUID id, ObjectNode attributes) {
        byType.computeIfAbsent(storedType(type), k -> new ConcurrentHashMap<>()).put(id, attributes);
    }

    ObjectNode get(String type, UUID id) {
        Map<UUID, ObjectNode> ofType = byType.get(storedType(type));
        return ofType == null ? null : ofType.get(id);
    }

    int count(String type) {
        Map<UUID, ObjectNode> ofType = byType.get(storedType(type));
        return ofType == null ? 0 : ofType.size();
    }

    /** An artist is an author entity on MangaDex; {@code creator} is the user who created the entry. */
    private static String storedType(String type) {
        return switch (type) {
            case "artist" -> "author";
            case "creator" -> "user";
            default -> type;
        };
    }
}
