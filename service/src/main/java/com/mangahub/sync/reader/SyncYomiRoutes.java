package com.mangahub.sync.reader;

import com.mangahub.sync.store.SyncContentStore;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The SyncYomi v1 protocol that TachiyomiSY and Suwayomi speak (and Mihon's sync when it ships): one stored backup
 * per reader under an ETag, {@code GET} with {@code If-None-Match} (304), {@code PUT} with {@code If-Match} (a
 * compare-and-swap: another device's newer upload makes a stale one 412), a {@code POST /api/sync/event} that is
 * only acknowledged, and a 404 for the v2 capabilities, which keeps clients on v1. Auth is the reader's sync key in
 * {@code X-API-Token} (or {@code ?apikey=}), never their API token. Every accepted upload updates the library from
 * the backup's MangaDex entries with the Mihon import's parser, before it is stored: an upload we cannot read is a
 * 400 and nothing is stored.
 */
public final class SyncYomiRoutes implements Routes {
    /** What an upload may inflate to; the transfer itself is capped by the server. */
    static final int MAX_BACKUP = 16 * 1024 * 1024;
    private static final Set<String> EVENTS = Set.of("SYNC_STARTED", "SYNC_SUCCESS", "SYNC_FAILED", "SYNC_ERROR",
            "SYNC_CANCELLED");

    private final SyncKeys keys;
    private final SyncContentStore contents;
    private final LibraryImport imports;
    private final Clock clock;

    public SyncYomiRoutes(SyncKeys keys, SyncContentStore contents, LibraryImport imports, Clock clock) {
        this.keys = keys;
        this.contents = contents;
        this.imports = imports;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/sync/content", this::get);
        app.put("/api/sync/content", this::put);
        app.post("/api/sync/event", ctx -> {
            keys.reader(ctx);
            JsonBody body = JsonBody.read(ctx);
            String event = body.text("event", 40);
            if (!EVENTS.contains(event)) throw ApiError.badRequest("event", "event must be one of " + EVENTS);
            ctx.status(204);
        });
        app.get("/api/sync/v2/capabilities", ctx -> {
            throw ApiError.notFound("this server speaks SyncYomi v1 only");
        });
    }

    private void get(Context ctx) {
        long user = keys.reader(ctx);
        SyncContentStore.Content stored = contents.content(user)
                .orElseThrow(() -> ApiError.notFound("nothing has been uploaded yet"));
        ctx.header("ETag", stored.etag());
        if (same(ctx.header("If-None-Match"), stored.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/octet-stream").result(stored.content());
    }

    private void put(Context ctx) {
        long user = keys.reader(ctx);
        byte[] backup = body(ctx);
        Optional<String> ifMatch = Optional.ofNullable(ctx.header("If-Match")).map(SyncYomiRoutes::bare);
        Optional<SyncContentStore.Content> stored = contents.content(user);
        if (ifMatch.isPresent() && (stored.isEmpty() || !same(ifMatch.get(), stored.get().etag()))) throw stale();
        LibraryImport.Report report = imports.runUpload(user, backup);
        String etag = "uuid=" + UUID.randomUUID();
        if (!contents.put(user, ifMatch.map(m -> stored.get().etag()), etag, backup, text(ctx.header("X-Device-ID")),
                text(ctx.header("X-Device-Name")), clock.instant())) {
            throw stale();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("etag", etag);
        out.put("entries", report.entries());
        out.put("added", report.added());
        out.put("progress_set", report.progressSet());
        out.put("not_mangadex", report.notMangaDexCount());
        ctx.header("ETag", etag).json(out);
    }

    /** The backup as uploaded: TachiyomiSY gzips the transfer ({@code Content-Encoding: gzip}), others do not. */
    private static byte[] body(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) return raw;
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new ApiError(415, "unsupported_encoding", "Content-Encoding must be gzip or none", "body");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BACKUP) throw ApiError.tooLarge(MAX_BACKUP, "body");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiError.badRequest("body", "the gzip transfer is truncated or corrupt");
        }
    }

    private static ApiError stale() {
        return new ApiError(412, "precondition_failed", "another device uploaded meanwhile: download first", "If-Match");
    }

    private static boolean same(String header, String etag) {
        return header != null && bare(header).equals(bare(etag));
    }

    private static String bare(String etag) {
        String s = etag.strip();
        if (s.startsWith("W/")) s = s.substring(2);
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s;
    }

    private static String text(String header) {
        if (header == null) return null;
        String s = header.replaceAll("\\p{Cntrl}", "").strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
