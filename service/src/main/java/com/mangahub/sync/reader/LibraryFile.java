package com.mangahub.sync.reader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.MangaDexRefs;
import com.mangahub.sync.web.ApiError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A library file as a reader brings it, read into entries: a Mihon / Tachiyomi backup (gzip'd protobuf), our own
 * JSON export, a JSON array of ids, URLs or objects, a CSV (or plain list) of ids or URLs, or a request to import a
 * public MangaDex list ({@code {"mdlist": id or URL}}). Which one is judged by the bytes (gzip's magic number, JSON's
 * first character) and by the declared type: a body declared binary must be a backup.
 */
final class LibraryFile {
    static final int MAX_ENTRIES = 10_000;
    private static final Pattern CHAPTER = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,3})?");
    private static final Pattern SEPARATOR = Pattern.compile("[,;\\t]");

    /** One entry: what the file said (for the report), MangaDex's id when it names a series there, and progress. */
    record Item(String given, Optional<UUID> mangaDexId, Optional<BigDecimal> progress) {}

    /** What the file asks for. */
    sealed interface Parsed {
        record Entries(String format, List<Item> items) implements Parsed {}

        record MdList(UUID listId) implements Parsed {}
    }

    private LibraryFile() {}

    static Parsed parse(byte[] body, String contentType, ObjectMapper json) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean gzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        if (gzip || type.startsWith("application/octet-stream") || type.contains("gzip") || type.contains("protobuf")
                || type.contains("tachibk")) {
            return backup(body);
        }
        String text = new String(body, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        if (text.isEmpty()) throw ApiError.badRequest("file", "the file is empty");
        if (text.startsWith("{") || text.startsWith("[")) return json(text, json);
        return new Parsed.Entries("csv", capped(csv(text)));
    }

    private static Parsed backup(byte[] body) {
        try {
            List<Item> items = MihonBackup.read(body).stream().filter(MihonBackup.Entry::favorite)
                    .map(e -> new Item(e.url().isEmpty() ? e.title() : e.url(), e.mangaDexId(), e.readUpTo())).toList();
            return new Parsed.Entries("tachibk", capped(items));
        } catch (MihonBackup.Unreadable e) {
            throw ApiError.badRequest("file", e.getMessage());
        }
    }

    /** A sync client's upload (see {@link MihonBackup#readUpload}), read like a backup file. */
    static Parsed.Entries upload(byte[] body) {
        try {
            List<Item> items = MihonBackup.readUpload(body).stream().filter(MihonBackup.Entry::favorite)
                    .map(e -> new Item(e.url().isEmpty() ? e.title() : e.url(), e.mangaDexId(), e.readUpTo())).toList();
            return new Parsed.Entries("tachibk", capped(items));
        } catch (MihonBackup.Unreadable e) {
            throw ApiError.badRequest("body", e.getMessage());
        }
    }

    private static Parsed json(String text, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("file", "the file starts like JSON but is not valid JSON");
        }
        if (root.isObject() && root.has("mdlist")) {
            JsonNode list = root.get("mdlist");
            return new Parsed.MdList(MangaDexRefs.parse(list.isTextual() ? list.textValue() : null, MangaDexRefs.Kind.LIST)
                    .orElseThrow(() -> ApiError.badRequest("mdlist", "mdlist must be a MangaDex list id or its "
                            + "https://mangadex.org/list/{id} address")));
        }
        JsonNode entries = root.isObject() ? root.get("library") : root;
        if (entries == null || !entries.isArray()) {
            throw ApiError.badRequest("file", "a JSON library file is an array of ids or URLs, or an object with a "
                    + "\"library\" array (as the export writes), or {\"mdlist\": id}");
        }
        if (entries.size() > MAX_ENTRIES) throw tooMany(entries.size());
        List<Item> items = new ArrayList<>();
        for (JsonNode entry : entries) items.add(jsonItem(entry));
        return new Parsed.Entries("json", items);
    }

    private static Item jsonItem(JsonNode entry) {
        if (entry.isTextual()) return item(entry.textValue(), null);
        if (!entry.isObject()) return new Item(shown(entry.toString()), Optional.empty(), Optional.empty());
        JsonNode ref = first(entry, "manga_id", "id", "url", "mangadex_id");
        JsonNode progress = entry.get("progress");
        if (progress != null && progress.isObject()) progress = progress.get("chapter");
        return item(ref == null || !ref.isValueNode() ? entry.toString() : ref.asText(),
                progress == null || progress.isNull() || !progress.isValueNode() ? null : progress.asText());
    }

    private static JsonNode first(JsonNode entry, String... names) {
        for (String name : names) {
            if (entry.hasNonNull(name)) return entry.get(name);
        }
        return null;
    }

    /** One entry per line; a header line (no cell names a series) and blank lines are skipped. */
    private static List<Item> csv(String text) {
        String[] lines = text.split("\\R");
        List<Item> items = new ArrayList<>();
        int progressColumn = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = cells(line);
            Optional<String> ref = java.util.Arrays.stream(cells).filter(c -> MangaDexRefs.series(c).isPresent()).findFirst();
            if (ref.isEmpty() && items.isEmpty() && progressColumn < 0 && looksLikeHeader(cells)) {
                progressColumn = column(cells, "progress", "chapter", "read");
                continue;
            }
            String progress = progressColumn >= 0 && progressColumn < cells.length ? cells[progressColumn] : null;
            items.add(item(ref.orElse(line), progress));
            if (items.size() > MAX_ENTRIES) throw tooMany(items.size());
        }
        return items;
    }

    private static boolean looksLikeHeader(String[] cells) {
        return java.util.Arrays.stream(cells).noneMatch(c -> c.contains("/") || c.contains("."));
    }

    private static int column(String[] header, String... names) {
        for (int c = 0; c < header.length; c++) {
            for (String n : names) if (header[c].equalsIgnoreCase(n)) return c;
        }
        return -1;
    }

    /** One CSV line's cells (RFC 4180 quoting: a quoted cell may hold separators and doubled quotes). */
    private static String[] cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (SEPARATOR.matcher(String.valueOf(ch)).matches()) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells.toArray(String[]::new);
    }

    private static Item item(String given, String progress) {
        Optional<BigDecimal> chapter = progress != null && CHAPTER.matcher(progress.strip()).matches()
                ? Optional.of(new BigDecimal(progress.strip()).stripTrailingZeros()) : Optional.empty();
        return new Item(shown(given), MangaDexRefs.series(given), chapter);
    }

    /** As the report echoes it: one line, no control characters, not endless. */
    private static String shown(String given) {
        String s = given.replaceAll("\\p{Cntrl}", "?").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static List<Item> capped(List<Item> items) {
        if (items.size() > MAX_ENTRIES) throw tooMany(items.size());
        return items;
    }

    private static ApiError tooMany(int n) {
        return ApiError.badRequest("file", "the file holds more than " + MAX_ENTRIES + " entries (" + n + ")");
    }
}
