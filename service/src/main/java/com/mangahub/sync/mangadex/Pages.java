package com.mangahub.sync.mangadex;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** A MangaDex collection envelope to a {@link Page}, falling back to the request's paging when fields are missing. */
final class Pages {
    private Pages() {}

    static <A, T> Page<T> of(Wire.Collection<A> collection, int offset, int limit, Function<Wire.Entity<A>, T> map) {
        if (!"ok".equals(collection.result())) {
            throw new MangaDexException.BadResponse("MangaDex collection with result '" + collection.result() + "'", null);
        }
        List<T> items = MangaMapping.orEmpty(collection.data()).stream().filter(Objects::nonNull).map(map).toList();
        return new Page<>(items,
                collection.offset() == null ? offset : collection.offset(),
                collection.limit() == null ? limit : collection.limit(),
                collection.total() == null ? items.size() : collection.total());
    }
}
