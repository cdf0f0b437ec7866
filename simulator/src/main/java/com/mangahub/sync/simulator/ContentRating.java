package com.mangahub.sync.simulator;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** MangaDex's four content ratings; when a request names none, pornographic is hidden (also in feeds). */
enum ContentRating {
    SAFE, SUGGESTIVE, EROTICA, PORNOGRAPHIC;

    static final Set<ContentRating> MANGADEX_DEFAULT = EnumSet.of(SAFE, SUGGESTIVE, EROTICA);

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ContentRating fromWire(String value) {
        for (ContentRating r : values()) if (r.wire().equals(value)) return r;
        throw new IllegalArgumentException("unknown content rating: " + value);
    }
}
