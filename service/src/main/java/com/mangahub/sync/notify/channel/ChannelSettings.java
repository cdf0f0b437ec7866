package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import java.net.URI;
import java.util.Optional;

/**
 * A channel's stored configuration (no secret): its target URL (for email a {@code mailto:} URI of the reader's
 * address), for ntfy and Gotify an optional priority, for email how it batches. Stored as
 * {@code {"url": ..., "priority": ..., "digest": ...}} in {@code channels.config}.
 */
public record ChannelSettings(URI url, Optional<Integer> priority, Digest digest) {
    public ChannelSettings(URI url, Optional<Integer> priority) {
        this(url, priority, Digest.NONE);
    }

    public static ChannelSettings parse(ObjectMapper json, String configJson) {
        JsonNode node = JsonText.tree(json, configJson, "channel config");
        Optional<Integer> priority = node.hasNonNull("priority") ? Optional.of(node.get("priority").asInt()) : Optional.empty();
        Digest digest = node.hasNonNull("digest") ? Digest.parse(node.get("digest").asText()).orElse(Digest.NONE) : Digest.NONE;
        return new ChannelSettings(URI.create(node.get("url").asText()), priority, digest);
    }

    /** The email address of a {@code mailto:} target. */
    public String address() {
        return url.getSchemeSpecificPart();
    }

    public String toJson(ObjectMapper json) {
        var node = json.createObjectNode().put("url", url.toString());
        priority.ifPresent(p -> node.put("priority", p));
        if (digest != Digest.NONE) node.put("digest", digest.label());
        return JsonText.write(json, node);
    }
}
