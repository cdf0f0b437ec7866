package com.mangahub.sync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writing and reading JSON text with a given mapper, unchecked. Writing our own maps, records and trees fails only
 * on a bug; reading text we stored earlier (payloads, job parameters, workflow state) fails when that text is
 * damaged, and the error then says what was being read.
 */
public final class JsonText {
    private JsonText() {}

    /** Text that was stored as JSON of some shape and is not. */
    public static final class Unreadable extends IllegalStateException {
        Unreadable(String what, JsonProcessingException cause) {
            super(what + ": " + cause.getOriginalMessage(), cause);
        }
    }

    public static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** UTF-8 bytes straight from the generator: no String in between (the push paths write one per message). */
    public static byte[] bytes(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @param what says what is read, for the error ("notification 7's payload") */
    public static JsonNode tree(ObjectMapper json, String text, String what) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Unreadable(what, e);
        }
    }

    public static <T> T read(ObjectMapper json, String text, TypeReference<T> type, String what) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new Unreadable(what, e);
        }
    }
}
