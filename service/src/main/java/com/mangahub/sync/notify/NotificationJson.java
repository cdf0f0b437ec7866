package com.mangahub.sync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The wire forms of a notification. Push channels send the compact form (id, type, manga_id, title, chapter,
 * old_chapter, created_at, and for a NEW_CHAPTER what a client needs to open it: chapter_id and, for a chapter read
 * on another site, external_url); over CoAP a message carries a JSON array of them, oldest first, at most 1024 bytes
 * (a long title is shortened so one notification always fits). REST adds the full payload and read state.
 */
public final class NotificationJson {
    public static final int MAX_DATAGRAM_PAYLOAD = 1024;

    private final ObjectMapper json;

    public NotificationJson(ObjectMapper json) {
        this.json = json;
    }

    /** A packed message: its bytes and the notifications it carries. */
    public record Batch(byte[] payload, List<NotificationRow> rows) {
        public long lastId() {
            return rows.getLast().id();
        }
    }

    /** The longest prefix of {@code rows} whose compact array fits in {@code maxBytes} (at least one row). */
    public Batch pack(List<NotificationRow> rows, int maxBytes) {
        // bytes all the way (no String per element and per array): a fan-out packs one of these per observer
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write('[');
        int taken = 0;
        for (NotificationRow r : rows) {
            byte[] one = compactFitting(r, maxBytes - 2);
            int extra = one.length + (taken == 0 ? 0 : 1);
            if (out.size() + 1 + extra > maxBytes) break;
            if (taken > 0) out.write(',');
            out.write(one, 0, one.length);
            taken++;
        }
        out.write(']');
        return new Batch(out.toByteArray(), List.copyOf(rows.subList(0, taken)));
    }

    public String compact(NotificationRow r) {
        return write(compactNode(r, r.title(), payload(r)));
    }

    /** The REST form: the compact fields plus the event payload and the delivery and read times. */
    public ObjectNode full(NotificationRow r) {
        JsonNode payload = payload(r);
        ObjectNode node = compactNode(r, r.title(), payload);
        node.set("payload", payload);
        node.put("delivered_at", r.deliveredAt() == null ? null : r.deliveredAt().toString());
        node.put("read_at", r.readAt() == null ? null : r.readAt().toString());
        return node;
    }

    /**
     * The REST form with what a reader's page shows beside it: {@code chapter_title}, {@code volume}, {@code groups}
     * (the credited scanlation groups' names) and {@code cover_url} (MangaDex's; pages show it through our cover
     * proxy), each null when unknown.
     */
    public ObjectNode full(NotificationRow r, NotificationStore.NotificationDetails details) {
        ObjectNode node = full(r);
        node.put("chapter_title", details == null ? null : details.chapterTitle());
        node.put("volume", details == null ? null : details.volume());
        var groups = node.putArray("groups");
        if (details != null && details.groupsJson() != null) {
            for (JsonNode group : JsonText.tree(json, details.groupsJson(), "notification " + r.id() + "'s groups")) {
                if (group.hasNonNull("name")) groups.add(group.get("name").asText());
            }
        }
        node.put("cover_url", details == null ? null : details.coverUrl());
        return node;
    }

    private byte[] compactFitting(NotificationRow r, int maxBytes) {
        String title = r.title();
        JsonNode payload = payload(r);
        byte[] bytes = JsonText.bytes(json, compactNode(r, title, payload));
        while (bytes.length > maxBytes && title != null && !title.isEmpty()) {
            title = title.substring(0, title.length() / 2) + "…";
            if (title.length() <= 2) title = "";
            bytes = JsonText.bytes(json, compactNode(r, title, payload));
        }
        return bytes;
    }

    private ObjectNode compactNode(NotificationRow r, String title, JsonNode payload) {
        ObjectNode node = json.createObjectNode();
        node.put("id", r.id());
        node.put("type", r.type());
        node.put("manga_id", r.mangaDexId());
        node.put("title", title);
        node.put("chapter", r.chapter());
        node.put("old_chapter", r.oldChapter());
        if ("NEW_CHAPTER".equals(r.type())) copyLink(payload, node);
        node.put("created_at", r.createdAt().toString());
        return node;
    }

    /** What a client needs to open the chapter, from the event's payload. */
    private static void copyLink(JsonNode payload, ObjectNode node) {
        if (payload.hasNonNull("chapter_id")) node.put("chapter_id", payload.get("chapter_id").asText());
        if (payload.hasNonNull("external_url")) node.put("external_url", payload.get("external_url").asText());
    }

    /** Parsed once per row: the compact form may be written several times while a long title is shortened. */
    private JsonNode payload(NotificationRow r) {
        return JsonText.tree(json, r.payloadJson(), "notification " + r.id() + "'s payload");
    }

    private String write(ObjectNode node) {
        return JsonText.write(json, node);
    }
}
