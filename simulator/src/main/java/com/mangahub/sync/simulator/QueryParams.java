package com.mangahub.sync.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The query string of one request, read the way MangaDex validates it: every violation is a 400 in MangaDex's
 * error shape ({@link MangaDexError}), never a silently ignored value.
 */
final class QueryParams {
    static final int MAX_WINDOW = 10_000;
    static final int MAX_IDS = 100;
    private static final Pattern DIGITS = Pattern.compile("^\\d+$");
    private static final Pattern LANGUAGE = Pattern.compile("^[a-zA-Z\\-]{2,5}$");
    private static final Pattern UUID_TEXT = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final Map<String, List<String>> values;

    QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** limit and offset, with the range of the endpoint and the 10,000 result window. */
    Paging paging(int minLimit, int maxLimit, int defaultLimit) {
        int limit = integer("limit", defaultLimit);
        int offset = integer("offset", 0);
        if (limit < minLimit || limit > maxLimit) {
            throw MangaDexError.validation("limit", "Must be between " + minLimit + " and " + maxLimit);
        }
        if (offset + limit > MAX_WINDOW) throw MangaDexError.windowTooLarge(offset, limit);
        return new Paging(offset, limit);
    }

    private int integer(String name, int fallback) {
        String text = single(name);
        if (text == null) return fallback;
        if (!DIGITS.matcher(text).matches() || text.length() > 9) {
            throw MangaDexError.validation(name, "Must be a non-negative integer");
        }
        return Integer.parseInt(text);
    }

    String single(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) return null;
        if (list.size() > 1) throw MangaDexError.validation(name, "Must be a single value");
        return list.get(0);
    }

    List<String> list(String name) {
        return values.getOrDefault(name, List.of());
    }

    Optional<UUID> uuid(String name) {
        String text = single(name);
        return text == null ? Optional.empty() : Optional.of(parseUuid(name, text));
    }

    /** {@code ids[]}: at most 100, each a UUID. */
    List<UUID> ids(String name) {
        List<String> raw = list(name);
        if (raw.size() > MAX_IDS) throw MangaDexError.validation(name, "Must contain at most " + MAX_IDS + " items");
        List<UUID> ids = new ArrayList<>();
        for (String text : raw) ids.add(parseUuid(name, text));
        return ids;
    }

    private static UUID parseUuid(String name, String text) {
        if (!UUID_TEXT.matcher(text).matches()) throw MangaDexError.validation(name, "Must be a valid UUID");
        return UUID.fromString(text);
    }

    /** A {@code *Since} cursor in the strict YYYY-MM-DDTHH:MM:SS form (UTC, no zone, no fraction). */
    Optional<Instant> since(String name) {
        String text = single(name);
        if (text == null) return Optional.empty();
        Instant at = Timestamps.parseSince(text);
        if (at == null) throw MangaDexError.validation(name, "String does not match pattern " + Timestamps.SINCE.pattern());
        return Optional.of(at);
    }

    List<String> enumList(String name, Set<String> allowed) {
        List<String> raw = list(name);
        for (String v : raw) {
            if (!allowed.contains(v)) throw MangaDexError.validation(name, "Must be one of " + allowed);
        }
        return raw;
    }

    List<String> languages(String name) {
        List<String> raw = list(name);
        for (String v : raw) if (!LANGUAGE.matcher(v).matches()) throw MangaDexError.validation(name, "Must be a language code");
        return raw;
    }

    /** A three-valued {@code include*} flag: absent, 0 (exclude those) or 1 (only those). */
    Optional<Boolean> flag(String name) {
        String text = single(name);
        if (text == null) return Optional.empty();
        return switch (text) {
            case "0" -> Optional.of(false);
            case "1" -> Optional.of(true);
            default -> throw MangaDexError.validation(name, "Must be one of [0, 1]");
        };
    }

    /** {@code order[field]=asc|desc} pairs in the order given; fields outside {@code allowed} are a 400. */
    Map<String, Boolean> order(Set<String> allowed) {
        Map<String, Boolean> ascending = new LinkedHashMap<>();
        for (var entry : values.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith("order[") || !key.endsWith("]")) continue;
            String field = key.substring(6, key.length() - 1);
            if (!allowed.contains(field)) throw MangaDexError.validation("order", "Unknown order field " + field);
            String direction = single(key);
            if (!"asc".equals(direction) && !"desc".equals(direction)) {
                throw MangaDexError.validation("order/" + field, "Must be one of [asc, desc]");
            }
            ascending.put(field, direction.equals("asc"));
        }
        return ascending;
    }

    record Paging(int offset, int limit) {}
}
