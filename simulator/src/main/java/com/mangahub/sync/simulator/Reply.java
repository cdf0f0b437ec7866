package com.mangahub.sync.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response before it is written, so the pipeline can still delay it, cut it short, slow it down or swap it
 * for a fault. {@code emptyPage} marks a list page with no data, which MangaDex may answer as 204 instead.
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers, boolean emptyPage) {
    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=UTF-8";

    static Reply json(int status, String body) {
        return new Reply(status, JSON, escapeLoneSurrogates(body).getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>(), false);
    }

    /**
     * A lone UTF-16 surrogate in a text (only ever inside a JSON string: the structure is ASCII) as its six-character
     * JSON escape (backslash, 'u', four hex digits), the way MangaDex's PHP backend would send one; the UTF-8 encoder
     * would silently turn it into '?'.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1));
            if (paired) {
                if (out != null) out.append(c).append(json.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) out = new StringBuilder(json.length() + 16).append(json, 0, i);
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    static Reply html(int status, String body) {
        return new Reply(status, HTML, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>(), false);
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0], new LinkedHashMap<>(), false);
    }

    Reply markEmptyPage(boolean empty) {
        return new Reply(status, contentType, body, headers, empty);
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
