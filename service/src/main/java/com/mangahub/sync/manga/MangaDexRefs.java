package com.mangahub.sync.manga;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader pastes for a MangaDex thing: its id, or the address of its page on mangadex.org
 * ({@code https://mangadex.org/title/{id}/some-slug}, {@code /group/{id}}, {@code /user/{id}}, {@code /list/{id}}).
 * Accepted wherever an id is; an address of another site, or of another kind of page, names nothing.
 */
public final class MangaDexRefs {
    private static final Pattern PAGE = Pattern.compile(
            "(?i)(?:https?://)?(?:www\\.)?mangadex\\.org/(title|group|user|list)/([0-9a-f-]{36})(?:[/?#].*)?");

    /** The kinds of page an address may name. */
    public enum Kind { TITLE, GROUP, USER, LIST }

    private MangaDexRefs() {}

    /** The id in {@code text}: a bare canonical UUID, or a mangadex.org page of this kind. */
    public static Optional<UUID> parse(String text, Kind kind) {
        if (text == null) return Optional.empty();
        String s = text.strip();
        Optional<UUID> bare = Uuids.parse(s);
        if (bare.isPresent()) return bare;
        Matcher m = PAGE.matcher(s);
        if (!m.matches() || !m.group(1).equalsIgnoreCase(kind.name())) return Optional.empty();
        return Uuids.parse(m.group(2).toLowerCase());
    }

    /** A series id or mangadex.org/title address. */
    public static Optional<UUID> series(String text) {
        return parse(text, Kind.TITLE);
    }

    /** True when {@code text} is an address on mangadex.org at all (so "not a series of MangaDex" is not the answer). */
    public static boolean isMangaDexAddress(String text) {
        return text != null && text.strip().toLowerCase().matches("(?:https?://)?(?:www\\.)?mangadex\\.org(?:[/?#].*)?");
    }
}
