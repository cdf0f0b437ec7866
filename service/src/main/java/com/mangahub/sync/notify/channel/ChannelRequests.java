package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request each kind's receiver documents, built from a message:
 * <ul>
 *   <li>webhook: Standard Webhooks, {@code {"type", "timestamp", "data"}} signed in {@code webhook-*} headers;</li>
 *   <li>discord: Execute Webhook with one embed (title, description, url, thumbnail, fields for chapter, group,
 *   language) and no mentions allowed, since titles come from MangaDex;</li>
 *   <li>ntfy: JSON publishing to the server's root ({@code topic, title, message, click, tags, priority}), which
 *   carries UTF-8 titles that headers could not;</li>
 *   <li>gotify: {@code POST /message} with the app token in {@code X-Gotify-Key} and the click URL in
 *   {@code extras["client::notification"].click.url}.</li>
 * </ul>
 */
public final class ChannelRequests {
    private static final int DISCORD_TITLE = 256;
    private static final int DISCORD_FIELD = 1024;
    private final ObjectMapper json;

    public ChannelRequests(ObjectMapper json) {
        this.json = json;
    }

    public ChannelRequest build(ChannelKind kind, ChannelSettings settings, String secret, ChannelMessage m,
                                long channelId, Instant now) {
        return switch (kind) {
            case WEBHOOK -> webhook(settings, secret, m, channelId, now);
            case DISCORD -> discord(settings, m);
            case NTFY -> ntfy(settings, secret, m);
            case GOTIFY -> gotify(settings, secret, m);
            case EMAIL -> throw new IllegalStateException("email goes by SMTP (EmailSender), not by an HTTP request");
            case TELEGRAM, PUSHOVER, APPRISE, WEBPUSH -> throw new IllegalStateException(kind + " is built elsewhere");
        };
    }

    private ChannelRequest webhook(ChannelSettings s, String secret, ChannelMessage m, long channelId, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "notification." + m.type().toLowerCase(java.util.Locale.ROOT));
        body.put("timestamp", now.toString());
        ObjectNode data = body.putObject("data");
        data.put("notification_id", m.notificationId());
        data.put("type", m.type());
        data.put("manga_id", m.mangaDexId());
        data.put("title", m.seriesTitle());
        data.put("chapter", m.chapter());
        data.put("chapter_title", m.chapterTitle());
        data.put("volume", m.volume());
        ArrayNode groups = data.putArray("groups");
        m.groups().forEach(groups::add);
        data.put("language", m.language());
        data.put("url", m.link());
        data.put("thumbnail_url", m.thumbnail());
        data.put("created_at", m.createdAt().toString());
        if ("STATUS_CHANGE".equals(m.type())) {
            data.put("old_status", m.oldStatus());
            data.put("new_status", m.newStatus());
        }
        String text = JsonText.write(json, body);
        // a test message is no notification: a fresh id each time, so a receiver does not drop the second test
        String id = m.notificationId() > 0 ? WebhookSignature.messageId(m.notificationId(), channelId)
                : "msg_test_" + channelId + "_" + now.toEpochMilli();
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(secret, id, timestamp, text));
        return new ChannelRequest(s.url(), headers, text);
    }

    private ChannelRequest discord(ChannelSettings s, ChannelMessage m) {
        ObjectNode body = json.createObjectNode();
        body.put("username", "MangaHub Sync");
        body.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = body.putArray("embeds").addObject();
        embed.put("title", cut(m.headline(), DISCORD_TITLE));
        embed.put("description", cut(m.detail(), DISCORD_FIELD));
        embed.put("url", m.link());
        embed.put("timestamp", m.createdAt().toString());
        if (m.thumbnail() != null) embed.putObject("thumbnail").put("url", m.thumbnail());
        ArrayNode fields = embed.putArray("fields");
        if (m.chapter() != null) field(fields, "Chapter", m.chapter());
        if (!m.groups().isEmpty()) field(fields, "Group", String.join(", ", m.groups()));
        if (m.language() != null) field(fields, "Language", m.language());
        return new ChannelRequest(s.url(), Map.of("content-type", "application/json"), JsonText.write(json, body));
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("name", name).put("value", cut(value, DISCORD_FIELD)).put("inline", true);
    }

    private ChannelRequest ntfy(ChannelSettings s, String token, ChannelMessage m) {
        String path = s.url().getRawPath() == null ? "" : s.url().getRawPath();
        int slash = path.lastIndexOf('/');
        String topic = path.substring(slash + 1);
        URI root = s.url().resolve(path.substring(0, slash + 1).isEmpty() ? "/" : path.substring(0, slash + 1));
        ObjectNode body = json.createObjectNode();
        body.put("topic", topic);
        body.put("title", m.headline());
        body.put("message", m.detail());
        body.put("click", m.link());
        body.putArray("tags").add("books").add(m.type().toLowerCase(java.util.Locale.ROOT));
        body.put("priority", s.priority().orElse(3));
        if (m.thumbnail() != null) body.put("icon", m.thumbnail());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (token != null) headers.put("authorization", "Bearer " + token);
        return new ChannelRequest(root, headers, JsonText.write(json, body));
    }

    private ChannelRequest gotify(ChannelSettings s, String token, ChannelMessage m) {
        String base = s.url().toString().replaceAll("/+$", "");
        ObjectNode body = json.createObjectNode();
        body.put("title", m.headline());
        body.put("message", m.detail());
        body.put("priority", s.priority().orElse(5));
        ObjectNode extras = body.putObject("extras");
        extras.putObject("client::display").put("contentType", "text/plain");
        extras.putObject("client::notification").putObject("click").put("url", m.link());
        if (m.thumbnail() != null) extras.with("client::notification").put("bigImageUrl", m.thumbnail());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-gotify-key", token);
        return new ChannelRequest(URI.create(base + "/message"), headers, JsonText.write(json, body));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
