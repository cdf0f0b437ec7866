package com.mangahub.sync.notify.channel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP POST to a receiver: where, which headers, which body (JSON text, or a Web Push's encrypted bytes). */
public record ChannelRequest(URI uri, Map<String, String> headers, byte[] bytes) {
    public ChannelRequest(URI uri, Map<String, String> headers, String body) {
        this(uri, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as text (the JSON kinds). */
    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
