package com.mangahub.sync.mangadex;

import java.util.List;

/** One page of a MangaDex collection; {@code total} is not capped at the 10,000 result window. */
public record Page<T>(List<T> items, int offset, int limit, int total) {
    public static <T> Page<T> empty(int offset, int limit) {
        return new Page<>(List.of(), offset, limit, 0);
    }

    /** More pages follow this one, within what offset paging can reach. */
    public boolean hasMore() {
        return offset + items.size() < total && !items.isEmpty();
    }
}
