package com.mangahub.sync.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The wire forms of a notification. Push channels send the compact form (id, type, manga_id, title, chapter,
 * old_chapter, created_at, and for a NEW_CHAPTER (or FIRST_CHAPTER) what a client needs to open it: chapter_id and,
 * for a chapter read on another site, external_url; a STATUS_CHANGE adds old_status and new_status); over CoAP a message carries a JSON array of them, oldest first, at most 1024 bytes
 * (a long title is shortened so one notification always fits). REST adds the full payload and read state.
 */
public final class NotificationJson {
    public static final int MAX_DATAGRAM_PAYLOAD = 1024;

    private final ObjectMapper json;
    /**
     * The link of the payload read last: a fan-out writes the compact form of thousands of rows that share one payload
     * (one chapter, one row per reader), and parsing it once instead of once per row is a third of the JSON work.
     */
    private volatile ParsedLink lastLink = new ParsedLink("", Link.NONE);

    /** What a client needs to open a NEW_CHAPTER's chapter (immutable, so it may be shared between threads). */
    private record Link(String chapterId, String externalUrl, String oldStatus, String newStatus) {
        static final Link NONE = new Link(null, null, null, null);

        static Link of(JsonNode payload) {
            return new Link(text(payload, "chapter_id"), text(payload, "external_url"), text(payload, "old_status"),
                    text(payload, "new_status"));
        }

        private static String text(JsonNode payload, String field) {
            return payload.hasNonNull(field) ? payload.get(field).asText() : null;
        }
    }

    private record ParsedLink(String payloadJson, Link link) {}

    /** Everything of a row its compact form shows but the id: what the rows of one fan-out have in common. */
    private record Shared(String type, String mangaDexId, String title, String chapter, String oldChapter,
                          Instant createdAt, String payloadJson) {
        static Shared of(NotificationRow r, String title) {
            return new Shared(r.type(), r.mangaDexId(), title, r.chapter(), r.oldChapter(), r.createdAt(), r.payloadJson());
        }
    }

    /** The compact form after {@code {"id":N,}} for the rows that share {@code key}. */
    private record Tail(Shared key, byte[] bytes) {}

    /**
     * The tail written last: a fan-out's rows (one chapter, one row per reader) differ only in their ids, so their
     * compact forms are the id and these bytes. A JSON generator per row had been most of an SSE fan-out's CPU (each
     * stream's virtual thread gets fresh Jackson buffers).
     */
    private volatile Tail lastTail = new Tail(null, new byte[0]);

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
        return new String(compactBytes(r, r.title(), link(r)), StandardCharsets.UTF_8);
    }

    /** The REST form: the compact fields plus the event payload and the delivery and read times. */
    public ObjectNode full(NotificationRow r) {
        JsonNode payload = payload(r);
        ObjectNode node = (ObjectNode) JsonText.tree(json, new String(compactBytes(r, r.title(), Link.of(payload)),
                StandardCharsets.UTF_8), "notification " + r.id());
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
        Link link = link(r);
        byte[] bytes = compactBytes(r, title, link);
        while (bytes.length > maxBytes && title != null && !title.isEmpty()) {
            title = title.substring(0, title.length() / 2) + "…";
            if (title.length() <= 2) title = "";
            bytes = compactBytes(r, title, link);
        }
        return bytes;
    }

    /**
     * The compact form: {@code {"id":N,} and the tail its fan-out's rows share, written once per distinct tail.
     * The REST form reads these bytes back as its base.
     */
    private byte[] compactBytes(NotificationRow r, String title, Link link) {
        Shared key = Shared.of(r, title);
        Tail tail = lastTail;
        if (!key.equals(tail.key())) {
            byte[] whole = generate(r, title, link);
            // the id is a number, so the first comma ends it
            int comma = indexOf(whole, (byte) ',');
            tail = new Tail(key, Arrays.copyOfRange(whole, comma + 1, whole.length));
            lastTail = tail;
        }
        byte[] head = ("{\"id\":" + r.id() + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(head, head.length + tail.bytes().length);
        System.arraycopy(tail.bytes(), 0, bytes, head.length, tail.bytes().length);
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
        throw new IllegalStateException("no field after the id");
    }

    /**
     * The compact form, streamed field by field: building a tree first (a map per notification) cost as much as
     * writing it.
     */
    private byte[] generate(NotificationRow r, String title, Link link) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("id", r.id());
            g.writeStringField("type", r.type());
            g.writeStringField("manga_id", r.mangaDexId());
            g.writeStringField("title", title);
            g.writeStringField("chapter", r.chapter());
            g.writeStringField("old_chapter", r.oldChapter());
            if ("NEW_CHAPTER".equals(r.type()) || "FIRST_CHAPTER".equals(r.type())) {
                if (link.chapterId() != null) g.writeStringField("chapter_id", link.chapterId());
                if (link.externalUrl() != null) g.writeStringField("external_url", link.externalUrl());
            }
            if ("STATUS_CHANGE".equals(r.type())) {
                g.writeStringField("old_status", link.oldStatus());
                g.writeStringField("new_status", link.newStatus());
            }
            g.writeStringField("created_at", r.createdAt().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The row's link, from the payload read last when it is the same text (a fan-out's rows share theirs). */
    private Link link(NotificationRow r) {
        ParsedLink last = lastLink;
        String text = r.payloadJson();
        if (text != null && text.equals(last.payloadJson())) return last.link();
        Link link = Link.of(payload(r));
        if (text != null) lastLink = new ParsedLink(text, link);
        return link;
    }

    private JsonNode payload(NotificationRow r) {
        return JsonText.tree(json, r.payloadJson(), "notification " + r.id() + "'s payload");
    }
}
