package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A channel's stored configuration (no secret): its target URL (for email a {@code mailto:} URI of the reader's
 * address; for Telegram and Pushover their API's base), for ntfy, Gotify and Pushover an optional priority, for email
 * how it batches; {@code chat}: Telegram's chat id or a stateful Apprise key; {@code window}: the batching window
 * (zero: each notification at once); {@code byDefault}: whether series without a route of their own are told here.
 * Stored as {@code {"url", "priority", "digest", "chat", "window_seconds", "by_default"}} in {@code channels.config},
 * which the fan-out statement reads ({@code window_seconds}, {@code by_default}).
 */
public record ChannelSettings(URI url, Optional<Integer> priority, Digest digest, String chat, Duration window,
                              boolean byDefault) {
    public ChannelSettings(URI url, Optional<Integer> priority) {
        this(url, priority, Digest.NONE);
    }

    public ChannelSettings(URI url, Optional<Integer> priority, Digest digest) {
        this(url, priority, digest, null, Duration.ZERO, true);
    }

    public static ChannelSettings parse(ObjectMapper json, String configJson) {
        JsonNode node = JsonText.tree(json, configJson, "channel config");
        Optional<Integer> priority = node.hasNonNull("priority") ? Optional.of(node.get("priority").asInt()) : Optional.empty();
        Digest digest = node.hasNonNull("digest") ? Digest.parse(node.get("digest").asText()).orElse(Digest.NONE) : Digest.NONE;
        String chat = node.hasNonNull("chat") ? node.get("chat").asText() : null;
        Duration window = Duration.ofSeconds(node.path("window_seconds").asLong(0));
        boolean byDefault = node.path("by_default").asBoolean(true);
        return new ChannelSettings(URI.create(node.get("url").asText()), priority, digest, chat, window, byDefault);
    }

    /** The email address of a {@code mailto:} target. */
    public String address() {
        return url.getSchemeSpecificPart();
    }

    public boolean batches() {
        return window.isPositive();
    }

    public String toJson(ObjectMapper json) {
        var node = json.createObjectNode().put("url", url.toString());
        priority.ifPresent(p -> node.put("priority", p));
        if (digest != Digest.NONE) node.put("digest", digest.label());
        if (chat != null) node.put("chat", chat);
        if (window.isPositive()) node.put("window_seconds", window.toSeconds());
        if (!byDefault) node.put("by_default", false);
        return JsonText.write(json, node);
    }
}
