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
        return new Reply(status, JSON, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>(), false);
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
