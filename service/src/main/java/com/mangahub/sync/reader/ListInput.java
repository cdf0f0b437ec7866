package com.mangahub.sync.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.manga.MangaDexRefs;
import com.mangahub.sync.web.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A list field of a controls request, read whole or refused whole: at most {@link #MAX_RULES} entries, each
 * checked, duplicates dropped, order kept. Every refusal names the field, so nothing is half-written.
 */
final class ListInput {
    /** Enough for any reader's real rules; 10,000 is a mistake or an attack, refused by name rather than stored. */
    static final int MAX_RULES = 100;
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z]{2,4})?");

    private ListInput() {}

    /** The strings of a JSON array (null or absent: null), each through {@code check} (null from it: refused). */
    static List<String> strings(JsonNode node, String field, String expected, Function<String, String> check) {
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw ApiError.badRequest(field, field + " must be an array of " + expected);
        if (node.size() > MAX_RULES) {
            throw ApiError.badRequest(field, field + " holds " + node.size() + " entries; at most " + MAX_RULES);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) throw ApiError.badRequest(field, field + " must be an array of " + expected);
            String checked = check.apply(item.textValue().strip());
            if (checked == null) {
                throw ApiError.badRequest(field, field + ": not " + expected + ": '" + shorten(item.textValue()) + "'");
            }
            out.add(checked);
        }
        return new ArrayList<>(out);
    }

    /** MangaDex ids (or the addresses of their pages of {@code kind}) as lower-case text. */
    static List<String> ids(JsonNode node, String field, MangaDexRefs.Kind kind) {
        return strings(node, field, "MangaDex " + kind.name().toLowerCase() + " ids (UUIDs or mangadex.org addresses)",
                s -> MangaDexRefs.parse(s, kind).map(UUID::toString).orElse(null));
    }

    static List<String> languages(JsonNode node, String field) {
        return strings(node, field, "language codes (e.g. en, pt-br)",
                s -> LANGUAGE.matcher(s.toLowerCase()).matches() ? s.toLowerCase() : null);
    }

    /** Values from a closed set, compared in lower case. */
    static List<String> oneOf(JsonNode node, String field, Set<String> allowed) {
        return strings(node, field, "one of " + String.join(", ", allowed),
                s -> allowed.contains(s.toLowerCase()) ? s.toLowerCase() : null);
    }

    /** A strict boolean: "true" as text or 1 is a mistake to report, not to guess. */
    static Boolean bool(JsonNode node, String field) {
        if (node == null || node.isNull()) return null;
        if (!node.isBoolean()) throw ApiError.badRequest(field, field + " must be true or false");
        return node.booleanValue();
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine;
    }
}
