package com.mangahub.sync.mangadex;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/** Builds a MangaDex request URI: repeated {@code name[]} parameters, {@code order[field]}, and its date format. */
final class QueryString {
    /**
     * MangaDex's *Since filters take {@code YYYY-MM-DDTHH:MM:SS} in UTC: no zone, no offset, no fraction (the
     * spec's regex rejects anything else). Truncating to the second may repeat the last item seen; callers drop
     * repeats by id.
     */
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final List<String> pairs = new ArrayList<>();

    QueryString add(String name, Object value) {
        pairs.add(encode(name) + "=" + encode(String.valueOf(value)));
        return this;
    }

    QueryString addEach(String name, List<?> values) {
        values.forEach(v -> add(name, v));
        return this;
    }

    QueryString since(String name, Optional<Instant> instant) {
        instant.ifPresent(i -> add(name, formatSince(i)));
        return this;
    }

    /** One of MangaDex's three-valued include* flags: 1, 0, or left out (MangaDex's default) when empty. */
    QueryString flag(String name, Optional<Boolean> only) {
        only.ifPresent(o -> add(name, o ? 1 : 0));
        return this;
    }

    QueryString order(SortOrder order) {
        return add("order[" + order.field() + "]", order.direction());
    }

    URI on(URI base, String path) {
        StringJoiner query = new StringJoiner("&");
        pairs.forEach(query::add);
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + path + (pairs.isEmpty() ? "" : "?" + query));
    }

    static String formatSince(Instant instant) {
        return SINCE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
