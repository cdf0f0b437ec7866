package com.mangahub.sync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.mangahub.sync.manga.Uuids;
import io.javalin.http.Context;
import io.javalin.validation.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one reader of JSON request bodies: size-capped, parsed by Javalin's body validator (so with the service's one
 * JSON mapper), and read field by field, every refusal a 400 naming the field ("body" for the body as a whole). An
 * empty body is an empty object.
 */
public final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;
    private static final String NOT_AN_OBJECT = "the body must be a JSON object";

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody read(Context ctx) {
        return read(ctx, MAX_BYTES);
    }

    /**
     * With a larger cap (at most the server's own), for bodies that carry lists: a list too long must be refused by
     * its field's own rule, naming the field, not by a size cap that names nothing.
     */
    public static JsonBody read(Context ctx, int maxBytes) {
        if (ctx.bodyAsBytes().length > maxBytes) {
            throw new ApiError(413, "payload_too_large", "request body larger than " + maxBytes + " bytes", null);
        }
        if (ctx.body().isBlank()) return new JsonBody(JsonNodeFactory.instance.objectNode());
        JsonNode root = ctx.bodyValidator(JsonNode.class)
                .check(JsonNode::isObject, NOT_AN_OBJECT)
                .getOrThrow(errors -> ApiError.badRequest("body", whyRefused(errors)));
        refuseNul(root);
        return new JsonBody(root);
    }

    /** Our own check's message, or else the validator could not parse the body at all. */
    private static String whyRefused(Map<String, ? extends List<ValidationError<Object>>> errors) {
        boolean parsed = errors.values().stream().flatMap(List::stream).anyMatch(e -> NOT_AN_OBJECT.equals(e.getMessage()));
        return parsed ? NOT_AN_OBJECT : "the body is not valid JSON";
    }

    /** A NUL anywhere under a top-level field, in a key or a string, is refused in that field's name. */
    private static void refuseNul(JsonNode root) {
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (InputText.hasNul(field.getKey()) || hasNul(field.getValue())) throw InputText.nul(field.getKey());
        }
    }

    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) return InputText.hasNul(node.textValue());
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (InputText.hasNul(field.getKey())) return true;
            }
        }
        for (JsonNode child : node) {
            if (hasNul(child)) return true;
        }
        return false;
    }

    /** A required canonical UUID. */
    public UUID uuid(String field) {
        return Uuids.parse(text(field, 64))
                .orElseThrow(() -> ApiError.badRequest(field, field + " must be a MangaDex id (a UUID)"));
    }

    /** A required non-blank string (numbers are accepted as their text, for chapter numbers). */
    public String text(String field, int maxLength) {
        String value = optionalText(field, maxLength);
        if (value == null) throw ApiError.badRequest(field, field + " is required");
        return value;
    }

    public String optionalText(String field, int maxLength) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() && !v.isNumber()) throw ApiError.badRequest(field, field + " must be a string");
        String s = v.asText().strip();
        if (s.isEmpty()) return null;
        if (s.length() > maxLength) throw ApiError.badRequest(field, field + " is longer than " + maxLength + " characters");
        return s;
    }

    /** A required JSON object. */
    public JsonNode object(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw ApiError.badRequest(field, field + " is required");
        return objectOrRefuse(field, v);
    }

    /** A JSON object, or an empty one when the field is absent (an explicit null is refused). */
    public JsonNode objectOrEmpty(String field) {
        JsonNode v = root.get(field);
        return v == null ? JsonNodeFactory.instance.objectNode() : objectOrRefuse(field, v);
    }

    private static JsonNode objectOrRefuse(String field, JsonNode v) {
        if (!v.isObject()) throw ApiError.badRequest(field, field + " must be a JSON object");
        return v;
    }

    /** The whole body, for routes that apply whichever fields are present. */
    public JsonNode root() {
        return root;
    }

    public JsonNode node(String field) {
        return root.get(field);
    }
}
