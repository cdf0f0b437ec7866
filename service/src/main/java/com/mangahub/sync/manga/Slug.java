package com.mangahub.sync.manga;

import java.text.Normalizer;
import java.util.Locale;

/** URL slugs: lowercase [a-z0-9] words joined by single hyphens, never at an edge. */
public final class Slug {
    private static final int MAX_LENGTH = 80;

    private Slug() {}

    /** The slug of a title; "manga" when nothing of it survives (a title in a script with no Latin letters). */
    public static String of(String title) {
        String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "manga" : slug;
    }

    /** A slug made unique by a numeric suffix: {@code withSuffix("one-piece", 2)} is "one-piece-2". */
    public static String withSuffix(String slug, int n) {
        return n <= 1 ? slug : slug + "-" + n;
    }
}
