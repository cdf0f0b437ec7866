package com.mangahub.sync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.web.ApiError;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.UUID;

/** A small JSON request body, size-capped, with field reads that answer 400 naming the field. */
public final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody read(Context ctx, ObjectMapper json) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BYTES) {
            throw new ApiError(413, "payload_too_large", "request body larger than " + MAX_BYTES + " bytes", null);
        }
        if (bytes.length == 0) return new JsonBody(json.createObjectNode());
        try {
            JsonNode root = json.readTree(bytes);
            if (root == null || !root.isObject()) throw ApiError.badRequest(null, "the body must be a JSON object");
            return new JsonBody(root);
        } catch (IOException e) {
            throw ApiError.badRequest(null, "the body is not valid JSON");
        }
    }

    public UUID uuid(String field) {
        String text = text(field, 64);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field, field + " must be a MangaDex id (a UUID)");
        }
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

    public JsonNode object(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw ApiError.badRequest(field, field + " is required");
        if (!v.isObject()) throw ApiError.badRequest(field, field + " must be a JSON object");
        return v;
    }

    public JsonNode node(String field) {
        return root.get(field);
    }
}
