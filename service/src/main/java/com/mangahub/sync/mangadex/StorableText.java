package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every text of a MangaDex answer made storable as it is parsed, field names included: NUL characters removed
 * (PostgreSQL refuses them in text and jsonb: one would fail the whole page's transaction and stop detection), lone
 * UTF-16 surrogates (a JSON {@code \}{@code ud800} escape decodes to one; no Unicode character) replaced by U+FFFD,
 * and each text cut to its field's cap (an index entry has a size limit; a title is not a megabyte). Being a parser,
 * it reaches every string whatever record, map or tree it ends up in. What was repaired is counted in
 * {@link Repairs} for the caller to log and meter: MangaDex's data is untrusted, and silent repairs hide a problem.
 */
final class StorableText extends JsonParserDelegate {
    /**
     * Caps by the field a text is in, or the field of the map or list holding it (a language map's values). A title
     * is indexed (lower(title)), and a btree entry holds at most about 2.7 kB: 500 UTF-16 units are at most 1.5 kB.
     */
    static final Map<String, Integer> CAPS = Map.ofEntries(
            Map.entry("title", 500), Map.entry("altTitles", 500), Map.entry("name", 500),
            Map.entry("chapter", 64), Map.entry("volume", 64), Map.entry("lastChapter", 64),
            Map.entry("translatedLanguage", 32), Map.entry("originalLanguage", 32),
            Map.entry("availableTranslatedLanguages", 32), Map.entry("externalUrl", 2_048),
            Map.entry("fileName", 512), Map.entry("status", 64), Map.entry("contentRating", 64),
            Map.entry("publicationDemographic", 64), Map.entry("group", 64), Map.entry("type", 64));
    /** Anything else, descriptions first among them (real ones are a few kB). */
    static final int DEFAULT_CAP = 32_768;
    static final int NAME_CAP = 256;

    /** What one body needed. */
    static final class Repairs {
        int nul;
        int surrogate;
        int truncated;
        String firstField;

        boolean any() {
            return nul + surrogate + truncated > 0;
        }

        @Override
        public String toString() {
            return nul + " with NUL, " + surrogate + " with lone surrogates, " + truncated + " cut to length";
        }
    }

    private final Repairs repairs;
    /** The current token's cleaned text; null until asked, reset on every move. */
    private String cleanText;

    StorableText(JsonParser raw, Repairs repairs) {
        super(raw);
        this.repairs = repairs;
    }

    @Override
    public String getText() throws IOException {
        JsonToken t = currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.FIELD_NAME) return super.getText();
        return clean();
    }

    @Override
    public String getValueAsString() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING || currentToken() == JsonToken.FIELD_NAME ? clean()
                : super.getValueAsString();
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        return currentToken() == JsonToken.VALUE_STRING || currentToken() == JsonToken.FIELD_NAME ? clean()
                : super.getValueAsString(defaultValue);
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING || currentToken() == JsonToken.FIELD_NAME
                ? clean().toCharArray() : super.getTextCharacters();
    }

    @Override
    public int getTextLength() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING || currentToken() == JsonToken.FIELD_NAME
                ? clean().length() : super.getTextLength();
    }

    @Override
    public int getTextOffset() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING || currentToken() == JsonToken.FIELD_NAME ? 0 : super.getTextOffset();
    }

    @Override
    public String currentName() throws IOException {
        return currentToken() == JsonToken.FIELD_NAME ? clean() : super.currentName();
    }

    @Override
    @Deprecated
    public String getCurrentName() throws IOException {
        return currentName();
    }

    /** Databind reads object keys through this fast path (maps, trees, records): keys are cleaned too. */
    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? clean() : null;
    }

    @Override
    public boolean nextFieldName(com.fasterxml.jackson.core.SerializableString expected) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && expected.getValue().equals(clean());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? clean() : null;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        cleanText = null;
        return super.nextToken();
    }

    @Override
    public JsonToken nextValue() throws IOException {
        cleanText = null;
        return super.nextValue();
    }

    /** The current token's text, cleaned once per token (databind may ask several times). */
    private String clean() throws IOException {
        if (cleanText != null) return cleanText;
        boolean name = currentToken() == JsonToken.FIELD_NAME;
        String raw = name ? delegate.currentName() : delegate.getText();
        // where the text is, only for a text that needed a repair: a JSON pointer for every string of a page had
        // been a seventh of an import's CPU (ImportBenchmark, JFR)
        cleanText = repair(raw, name ? NAME_CAP : cap(delegate.getParsingContext()), repairs, this::where);
        return cleanText;
    }

    private String where() {
        JsonStreamContext c = delegate.getParsingContext();
        String pointer = c == null ? "?" : c.pathAsPointer().toString();
        // the path holds MangaDex's field names: no control characters into our log, and not much of it
        pointer = pointer.codePoints().map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return pointer.length() > 200 ? pointer.substring(0, 200) + "…" : pointer;
    }

    private static int cap(JsonStreamContext context) {
        JsonStreamContext c = context;
        for (int level = 0; c != null && level < 4; level++, c = c.getParent()) {
            String name = c.getCurrentName();
            if (name != null && CAPS.containsKey(name)) return CAPS.get(name);
        }
        return DEFAULT_CAP;
    }

    /** {@code raw} without NUL, with U+FFFD for each lone surrogate, at most {@code cap} characters. */
    static String repair(String raw, int cap, Repairs repairs, Supplier<String> where) {
        if (raw == null) return null;
        if (raw.length() <= cap && raw.indexOf('\0') < 0 && !hasLoneSurrogate(raw)) return raw;
        StringBuilder out = new StringBuilder(Math.min(raw.length(), cap));
        boolean nul = false;
        boolean surrogate = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\0') {
                nul = true;
            } else if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                out.append(c).append(raw.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                surrogate = true;
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        boolean truncated = out.length() > cap;
        if (truncated) {
            int end = Character.isLowSurrogate(out.charAt(cap)) ? cap - 1 : cap; // never split a pair
            out.setLength(end);
        }
        if (nul) repairs.nul++;
        if (surrogate) repairs.surrogate++;
        if (truncated) repairs.truncated++;
        if ((nul || surrogate || truncated) && repairs.firstField == null) repairs.firstField = where.get();
        return out.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
