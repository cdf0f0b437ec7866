package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language map ({@code {"en": "…", "ja-ro": "…"}}). MangaDex's PHP backend serialises an empty map as {@code []},
 * and sometimes sends {@code null}: both become an empty map. Non-text values in the map are skipped.
 */
final class LanguageMap extends JsonDeserializer<Map<String, String>> {

    @Override
    public Map<String, String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            p.skipChildren();
            return map;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return ctx.reportInputMismatch(Map.class, "expected a language map, got %s", p.currentToken());
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String language = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                map.put(language, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return map;
    }

    @Override
    public Map<String, String> getNullValue(DeserializationContext ctx) {
        return new LinkedHashMap<>();
    }
}
