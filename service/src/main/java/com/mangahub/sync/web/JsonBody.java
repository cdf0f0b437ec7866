package com.mangahub.sync.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.mangahub.sync.manga.Uuids;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The one reader of JSON request bodies: JSON content type or none (else 415), at most {@link #MAX_BYTES} read (else
 * 413, naming the field the cut fell in), parsed by the service's one JSON mapper, and read field by field, every
 * refusal a 400 naming the field ("body" for the body as a whole): malformed JSON, NUL characters and lone surrogates
 * anywhere under a field, wrong types, over-long strings. An empty body is an empty object; {@code null}, an array or
 * a scalar is not an object.
 */
public final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;
    /** The service's one mapper, put in Javalin's app data by {@link HttpServer}. */
    static final Key<ObjectMapper> MAPPER = new Key<>("mangahub-json-mapper");
    private static final int MAX_REASON = 120;

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
        refuseNonJson(ctx.header("Content-Type"));
        ObjectMapper json = ctx.appData(MAPPER);
        byte[] bytes = firstBytes(ctx, maxBytes);
        if (bytes.length > maxBytes) throw ApiError.tooLarge(maxBytes, fieldAtCut(json, bytes, maxBytes));
        if (new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
            return new JsonBody(JsonNodeFactory.instance.objectNode());
        }
        JsonNode root = parse(json, bytes);
        if (root == null || !root.isObject()) throw ApiError.badRequest("body", "the body must be a JSON object");
        refuseBadText(root);
        return new JsonBody(root);
    }

    /** application/json or any +json type; a body without a Content-Type is taken as JSON (curl, scripts). */
    private static void refuseNonJson(String contentType) {
        if (contentType == null || contentType.isBlank()) return;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) return;
        throw new ApiError(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)", null);
    }

    /** Up to one byte more than allowed: the rest of a larger body is never read. */
    private static byte[] firstBytes(Context ctx, int maxBytes) {
        try {
            return ctx.req().getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }

    private static JsonNode parse(ObjectMapper json, byte[] bytes) {
        try (JsonParser parser = json.createParser(bytes)) {
            try {
                JsonNode root = json.readTree(parser);
                if (parser.nextToken() != null) throw ApiError.badRequest("body", "the body holds more than one JSON value");
                return root;
            } catch (JsonProcessingException e) {
                String field = topLevelField(parser.getParsingContext());
                throw ApiError.badRequest(field == null ? "body" : field, "the body is not valid JSON"
                        + (field == null ? "" : " (in " + field + ")") + ": " + reason(e));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top-level field the parser was in when the body was cut short, if any. */
    private static String fieldAtCut(ObjectMapper json, byte[] bytes, int maxBytes) {
        try (JsonParser parser = json.createParser(bytes, 0, maxBytes)) {
            try {
                while (parser.nextToken() != null) {
                    // walking to the cut: the tokens themselves do not matter
                }
            } catch (JsonProcessingException cut) {
                return topLevelField(parser.getParsingContext());
            }
            return topLevelField(parser.getParsingContext());
        } catch (IOException e) {
            return null;
        }
    }

    /** The name of the field of the top-level object that a context lies in. */
    private static String topLevelField(JsonStreamContext context) {
        String name = null;
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.getParent() != null && c.getParent().inRoot() && c.inObject()) name = c.getCurrentName();
        }
        return name;
    }

    /** Jackson's own words, first line only and bounded (they may quote the input). */
    private static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        return message.length() > MAX_REASON ? message.substring(0, MAX_REASON) + "…" : message;
    }

    /** A NUL or a lone surrogate anywhere under a top-level field, in a key or a string, is refused in its name. */
    private static void refuseBadText(JsonNode root) {
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            InputText.refuseBadCharacters(field.getKey(), field.getKey());
            refuseBadText(field.getKey(), field.getValue());
        }
    }

    private static void refuseBadText(String field, JsonNode node) {
        if (node.isTextual()) InputText.refuseBadCharacters(field, node.textValue());
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                InputText.refuseBadCharacters(field, child.getKey());
            }
        }
        for (JsonNode child : node) {
            refuseBadText(field, child);
        }
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

    /** A required non-blank JSON string: a number is refused (a name or a secret is never one). */
    public String string(String field, int maxLength) {
        JsonNode v = root.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) throw ApiError.badRequest(field, field + " must be a string");
        return text(field, maxLength);
    }

    public String optionalText(String field, int maxLength) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() && !v.isNumber()) throw ApiError.badRequest(field, field + " must be a string");
        String s = v.asText().strip();
        if (s.isEmpty()) return null;
        if (s.length() > maxLength) throw InputText.tooLong(field, maxLength);
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
