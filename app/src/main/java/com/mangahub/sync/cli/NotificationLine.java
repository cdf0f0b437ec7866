package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One notification as one line: {@code #42 NEW_CHAPTER Frieren: chapter 12 (was 11) [uuid] at 2026-...}, or
 * {@code #43 STATUS_CHANGE Frieren is now completed (was ongoing) [uuid] at ...}.
 */
final class NotificationLine {
    private NotificationLine() {}

    static String format(JsonNode n) {
        StringBuilder line = new StringBuilder("#").append(n.path("id").asLong()).append(' ')
                .append(n.path("type").asText()).append(' ').append(n.path("title").asText());
        String chapter = text(n, "chapter");
        if (chapter != null) {
            line.append(": chapter ").append(chapter);
            String old = text(n, "old_chapter");
            if (old != null) line.append(" (was ").append(old).append(')');
        }
        String status = text(n, "new_status");
        if (status != null) {
            line.append(" is now ").append(status);
            String was = text(n, "old_status");
            if (was != null) line.append(" (was ").append(was).append(')');
        }
        return line.append(" [").append(n.path("manga_id").asText()).append("] at ")
                .append(n.path("created_at").asText()).toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
