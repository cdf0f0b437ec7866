package com.mangahub.sync.manga;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Picks the display title from MangaDex's language maps. MangaDex often has no English title (ja-ro is common),
 * so the fallback order is fixed and documented: en in title, en in altTitles, ja-ro, ja, then the
 * alphabetically first language of title, then of altTitles. The same input always gives the same title.
 */
public final class Titles {
    private static final List<String> PREFERRED = List.of("en", "ja-ro", "ja");

    private Titles() {}

    public static Optional<String> preferred(Map<String, String> title, List<Map<String, String>> altTitles) {
        Optional<String> en = nonBlank(title.get("en"));
        if (en.isPresent()) return en;
        for (Map<String, String> alt : altTitles) {
            Optional<String> altEn = nonBlank(alt.get("en"));
            if (altEn.isPresent()) return altEn;
        }
        for (String lang : PREFERRED) {
            Optional<String> t = nonBlank(title.get(lang));
            if (t.isPresent()) return t;
        }
        Optional<String> any = new TreeMap<>(title).values().stream().flatMap(v -> nonBlank(v).stream()).findFirst();
        if (any.isPresent()) return any;
        return altTitles.stream().map(TreeMap::new).flatMap(m -> m.values().stream())
                .flatMap(v -> nonBlank((String) v).stream()).findFirst();
    }

    /** English text of a language map, else the first language alphabetically; empty when none. */
    public static Optional<String> english(Map<String, String> text) {
        Optional<String> en = nonBlank(text.get("en"));
        if (en.isPresent()) return en;
        return new TreeMap<>(text).values().stream().flatMap(v -> nonBlank(v).stream()).findFirst();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
