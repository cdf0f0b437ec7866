package com.mangahub.sync.manga;

import java.util.UUID;

/** A MangaDex tag with its group: genre, theme, format or content (kept as text: new groups may appear). */
public record Tag(UUID id, String name, String group) {
    public boolean isGenre() {
        return "genre".equals(group);
    }
}
