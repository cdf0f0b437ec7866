package com.mangahub.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's one casing for property names: snake_case ({@code cover_url}, {@code next_after}). Finds every name in a
 * JSON answer or in the OpenAPI document's schemas that is not.
 */
public final class SnakeCase {
    /** Lower-case words joined by single underscores; JSON Feed's extension keys begin with one more ({@code _mangahub}). */
    private static final Pattern NAME = Pattern.compile("_?[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private SnakeCase() {}

    public static boolean is(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Every object key of an answer that is not snake_case, as {@code pointer/key}. The objects at {@code dataMaps}
     * (JSON pointers) are keyed by data, not by property names (the health checks by component), so their own keys
     * are not looked at; what they hold is.
     */
    public static List<String> inAnswer(JsonNode answer, Set<String> dataMaps) {
        List<String> wrong = new ArrayList<>();
        walkAnswer(answer, "", dataMaps, wrong);
        return wrong;
    }

    /** Every property name declared by a schema of the document ({@code properties} objects anywhere) that is not. */
    public static List<String> inSchemas(JsonNode document) {
        List<String> wrong = new ArrayList<>();
        walkSchemas(document, "", wrong);
        return wrong;
    }

    private static void walkAnswer(JsonNode node, String at, Set<String> dataMaps, List<String> wrong) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walkAnswer(node.get(i), at + "/" + i, dataMaps, wrong);
        } else if (node.isObject()) {
            node.properties().forEach(p -> {
                if (!dataMaps.contains(at) && !is(p.getKey())) wrong.add(at + "/" + p.getKey());
                walkAnswer(p.getValue(), at + "/" + p.getKey(), dataMaps, wrong);
            });
        }
    }

    private static void walkSchemas(JsonNode node, String at, List<String> wrong) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walkSchemas(node.get(i), at + "/" + i, wrong);
        } else if (node.isObject()) {
            node.properties().forEach(p -> {
                if (p.getKey().equals("properties") && p.getValue().isObject()) {
                    p.getValue().fieldNames().forEachRemaining(name -> {
                        if (!is(name)) wrong.add(at + "/properties/" + name);
                    });
                }
                walkSchemas(p.getValue(), at + "/" + p.getKey(), wrong);
            });
        }
    }
}
