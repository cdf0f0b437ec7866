package com.mangahub.sync.reader;

import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.LibraryStore.LibraryEntry;
import com.mangahub.sync.store.ReaderControlsStore.SeriesSettings;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Library in and out: {@code POST /api/me/library/import} (a file's own bytes: Mihon backup, JSON, CSV; or
 * {@code {"mdlist": id}}) answers a report; {@code GET /api/me/library/export} answers JSON that the import reads
 * back (follows and progress; settings are exported for the reader's own records).
 */
public final class ImportRoutes implements Routes {
    static final String FORMAT = "mangahub-library";

    private final RequestAuth auth;
    private final LibraryStore library;
    private final LibraryImport imports;
    private final Clock clock;

    public ImportRoutes(RequestAuth auth, LibraryStore library, LibraryImport imports, Clock clock) {
        this.auth = auth;
        this.library = library;
        this.imports = imports;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/me/library/import", this::importLibrary);
        app.get("/api/me/library/export", this::export);
    }

    private void importLibrary(Context ctx) {
        UserAccount user = auth.user(ctx);
        // the server caps every body as it is read (HttpServer.MAX_REQUEST_BYTES): a backup is a few MB at most
        byte[] body = ctx.bodyAsBytes();
        // an import looks its series up on MangaDex: under the reader's work cap (the body is read before, so a slow
        // upload does not hold a place)
        LibraryImport.Report r = auth.limits().mangaDexWork(user.id(),
                () -> imports.run(user.id(), body, ctx.contentType()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", r.format());
        out.put("entries", r.entries());
        out.put("added", r.added());
        out.put("already_followed", r.alreadyFollowed());
        out.put("progress_set", r.progressSet());
        out.put("not_found", r.notFoundCount());
        out.put("not_mangadex", r.notMangaDexCount());
        out.put("not_found_entries", r.notFound());
        out.put("not_mangadex_entries", r.notMangaDex());
        ctx.json(out);
    }

    private void export(Context ctx) {
        UserAccount user = auth.user(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("version", 1);
        out.put("exported_at", clock.instant());
        out.put("library", library.list(user.id()).stream().map(ImportRoutes::entry).toList());
        ctx.header("Content-Disposition", "attachment; filename=\"mangahub-library.json\"").json(out);
    }

    private static Map<String, Object> entry(LibraryEntry e) {
        SeriesSettings s = e.controls().settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("languages", s.languages());
        settings.put("groups_only", s.groupsOnly());
        settings.put("groups_never", s.groupsNever());
        settings.put("uploaders_never", s.uploadersNever());
        settings.put("muted", s.muted());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manga_id", e.mangaDexId());
        out.put("title", e.title());
        out.put("url", "https://mangadex.org/title/" + e.mangaDexId());
        out.put("progress", e.controls().progress());
        out.put("added_at", e.addedAt());
        out.put("settings", settings);
        return out;
    }
}
