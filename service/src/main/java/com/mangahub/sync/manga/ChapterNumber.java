package com.mangahub.sync.manga;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A chapter number as MangaDex sends it (text of up to 8 characters, decimal like "6.5", or null for oneshots)
 * with a numeric sort key when the text is a number. Text is the identity; the key only orders.
 */
public record ChapterNumber(Optional<String> text, Optional<BigDecimal> sortKey) implements Comparable<ChapterNumber> {
    public static final ChapterNumber NONE = new ChapterNumber(Optional.empty(), Optional.empty());
    /** Far beyond any real chapter number, far within PostgreSQL's numeric. */
    private static final int MAX_INTEGER_DIGITS = 30;
    private static final int MAX_SCALE = 30;

    public static ChapterNumber parse(String raw) {
        if (raw == null || raw.isBlank()) return NONE;
        String text = raw.strip();
        try {
            BigDecimal key = new BigDecimal(text).stripTrailingZeros();
            // "1e999999" is 8 characters and a number PostgreSQL's numeric cannot hold: such a text orders as text
            boolean sortable = key.precision() - key.scale() <= MAX_INTEGER_DIGITS && key.scale() <= MAX_SCALE;
            return new ChapterNumber(Optional.of(text), sortable ? Optional.of(key) : Optional.empty());
        } catch (NumberFormatException e) {
            return new ChapterNumber(Optional.of(text), Optional.empty());
        }
    }

    /** Numbers order by key; unnumbered (null, "Extra") sort before every number. */
    @Override
    public int compareTo(ChapterNumber o) {
        if (sortKey.isPresent() && o.sortKey.isPresent()) return sortKey.get().compareTo(o.sortKey.get());
        if (sortKey.isPresent()) return 1;
        if (o.sortKey.isPresent()) return -1;
        return text.orElse("").compareTo(o.text.orElse(""));
    }

    @Override
    public String toString() {
        return text.orElse("(none)");
    }
}
