package com.mangahub.sync.manga;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one reading of a UUID from text, for ids MangaDex issues and for our own job ids: only the canonical form
 * (8-4-4-4-12 hex digits). {@link UUID#fromString} alone also takes short forms such as {@code 1-2-3-4-5}, which
 * nobody issued and which a slug can look like.
 */
public final class Uuids {
    private static final Pattern CANONICAL =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private Uuids() {}

    /** The UUID {@code text} spells in canonical form; empty for anything else, null included. */
    public static Optional<UUID> parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) return Optional.empty();
        return Optional.of(UUID.fromString(text));
    }
}
