package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import java.net.URI;
import java.util.Optional;

/**
 * A channel's stored configuration (no secret): its target URL and, for ntfy and Gotify, an optional priority.
 * Stored as {@code {"url": ..., "priority": ...}} in {@code channels.config}.
 */
public record ChannelSettings(URI url, Optional<Integer> priority) {
    public static ChannelSettings parse(ObjectMapper json, String configJson) {
        JsonNode node = JsonText.tree(json, configJson, "channel config");
        Optional<Integer> priority = node.hasNonNull("priority") ? Optional.of(node.get("priority").asInt()) : Optional.empty();
        return new ChannelSettings(URI.create(node.get("url").asText()), priority);
    }

    public String toJson(ObjectMapper json) {
        var node = json.createObjectNode().put("url", url.toString());
        priority.ifPresent(p -> node.put("priority", p));
        return JsonText.write(json, node);
    }
}
