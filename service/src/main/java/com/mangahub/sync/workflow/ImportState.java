package com.mangahub.sync.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Where an import stands, kept in {@code sync_state.metadata} beside its cursor: series imported so far, the target,
 * whether it completed, and the ids already taken at a re-anchored window edge (seen again on the next page).
 */
record ImportState(int imported, int target, boolean completed, Set<UUID> edge) {
    private static final TypeReference<Map<String, Object>> STORED = new TypeReference<>() { };

    static ImportState fresh(int target) {
        return new ImportState(0, target, false, Set.of());
    }

    static ImportState decode(ObjectMapper json, String text) {
        Map<String, Object> m = JsonText.read(json, text, STORED, "the import state in sync_state");
        int imported = m.get("imported") instanceof Number n ? n.intValue() : 0;
        int target = m.get("target") instanceof Number n ? n.intValue() : 0;
        boolean completed = Boolean.TRUE.equals(m.get("completed"));
        Set<UUID> edge = m.get("edge") instanceof List<?> l
                ? l.stream().map(o -> UUID.fromString(o.toString())).collect(Collectors.toSet()) : Set.of();
        return new ImportState(imported, target, completed, edge);
    }

    String encode(ObjectMapper json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imported", imported);
        m.put("target", target);
        m.put("completed", completed);
        m.put("edge", edge.stream().map(UUID::toString).sorted().toList());
        return JsonText.write(json, m);
    }
}
