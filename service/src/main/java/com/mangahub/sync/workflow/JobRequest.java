package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Uuids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A job as submitted ({@code POST /api/jobs}), validated: one of the five kinds with its parameters. Bad input is
 * an {@link Invalid} naming the field.
 */
sealed interface JobRequest {
    record Import(int limit, boolean force) implements JobRequest {}
    record NewMangaPoll() implements JobRequest {}
    record ChapterPoll() implements JobRequest {}
    record Reconcile() implements JobRequest {}
    record MangaSync(UUID mangaId) implements JobRequest {}

    /** A kind or parameter that is not acceptable; {@link #field()} names it for the HTTP answer. */
    final class Invalid extends IllegalArgumentException {
        private final String field;

        Invalid(String field, String expected) {
            super(field + ": " + expected);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    static JobRequest parse(String kind, Map<String, Object> params, int defaultImportSize) {
        return switch (kind == null ? "" : kind) {
            case "import" -> new Import(limit(params.get("limit"), defaultImportSize), force(params.get("force")));
            case "new_manga_poll" -> new NewMangaPoll();
            case "chapter_poll" -> new ChapterPoll();
            case "reconcile" -> new Reconcile();
            case "manga_sync" -> new MangaSync(uuid(params.get("manga_id")));
            default -> throw new Invalid("kind", "expected import, new_manga_poll, chapter_poll, reconcile or manga_sync");
        };
    }

    static JobRequest decode(String kind, Map<String, Object> params) {
        return parse(kind, params, 0);
    }

    default String kind() {
        return switch (this) {
            case Import i -> "import";
            case NewMangaPoll n -> "new_manga_poll";
            case ChapterPoll c -> "chapter_poll";
            case Reconcile r -> "reconcile";
            case MangaSync m -> "manga_sync";
        };
    }

    default Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (this) {
            case Import i -> {
                p.put("limit", i.limit());
                p.put("force", i.force());
            }
            case MangaSync m -> p.put("manga_id", m.mangaId().toString());
            case NewMangaPoll n -> { }
            case ChapterPoll c -> { }
            case Reconcile r -> { }
        }
        return p;
    }

    private static int limit(Object value, int fallback) {
        if (value == null) return fallback;
        if (value instanceof Number n && n.longValue() >= 1 && n.longValue() <= 10_000_000 && n.doubleValue() % 1 == 0) {
            return n.intValue();
        }
        throw new Invalid("limit", "expected a whole number from 1 to 10000000");
    }

    /** A flag is true or false; "yes" or 1 is a mistake to say, not a silent false. */
    private static boolean force(Object value) {
        if (value == null) return false;
        if (value instanceof Boolean b) return b;
        throw new Invalid("force", "expected true or false");
    }

    private static UUID uuid(Object value) {
        return Uuids.parse(value == null ? null : value.toString())
                .orElseThrow(() -> new Invalid("manga_id", "expected a MangaDex manga id (uuid)"));
    }
}
