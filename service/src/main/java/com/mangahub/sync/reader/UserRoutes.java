package com.mangahub.sync.reader;


import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.store.LibraryStore.LibraryEntry;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users and libraries: {@code POST /api/users} (admin; answers the token once), {@code GET /api/me},
 * {@code GET /api/me/library}, {@code PUT} and {@code DELETE /api/me/library/{manga_id}} (a MangaDex id).
 */
public final class UserRoutes implements Routes {
    private final RequestAuth auth;
    private final UserAccounts accounts;
    private final Library library;
    private final ReaderControls controls;

    public UserRoutes(RequestAuth auth, UserAccounts accounts, Library library, ReaderControls controls) {
        this.auth = auth;
        this.accounts = accounts;
        this.library = library;
        this.controls = controls;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/users", this::createUser);
        app.get("/api/me", ctx -> ctx.json(describe(auth.user(ctx))));
        app.get("/api/me/library", ctx -> ctx.json(Map.of("library",
                library.list(auth.user(ctx).id()).stream().map(this::describe).toList())));
        app.put("/api/me/library/{manga_id}", this::follow);
        app.delete("/api/me/library/{manga_id}", this::unfollow);
    }

    private void createUser(Context ctx) {
        auth.requireAdmin(ctx);
        JsonBody body = JsonBody.read(ctx);
        String name = body.text("name", 64);
        List<String> languages = languages(body.node("languages"));
        UserAccounts.problemWith(name, languages).ifPresent(p -> {
            throw ApiError.badRequest(p.field(), p.message());
        });
        var created = accounts.create(name, languages)
                .orElseThrow(() -> new ApiError(409, "conflict", "a user named " + name + " exists", "name"));
        Map<String, Object> out = describe(created.account());
        out.put("token", created.token());
        ctx.status(201).json(out);
    }

    static List<String> languages(JsonNode node) {
        if (node == null || node.isNull()) return List.of("en");
        if (!node.isArray()) throw ApiError.badRequest("languages", "languages must be an array of language codes");
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText().strip().toLowerCase()));
        return out;
    }

    private void follow(Context ctx) {
        UserAccount user = auth.user(ctx);
        UUID mangaId = mangaId(ctx);
        // a follow of a series nothing tracks yet takes its baseline from MangaDex, under the reader's work cap
        switch (auth.limits().mangaDexWork(user.id(), () -> library.follow(user.id(), mangaId))) {
            case Library.FollowResult.Followed f -> ctx.status(f.newlyFollowed() ? 201 : 200).json(Map.of(
                    "manga_id", f.series().mangaDexId(), "title", f.series().title(), "following", true));
            case Library.FollowResult.UnknownSeries u -> throw ApiError.notFound("no series with id " + u.mangaDexId());
        }
    }

    private void unfollow(Context ctx) {
        UserAccount user = auth.user(ctx);
        UUID mangaId = mangaId(ctx);
        if (!library.unfollow(user.id(), mangaId)) throw ApiError.notFound("series " + mangaId + " is not in your library");
        ctx.status(204);
    }

    private static UUID mangaId(Context ctx) {
        return RequestParams.pathUuid(ctx, "manga_id", "a MangaDex id (a UUID)");
    }

    private Map<String, Object> describe(LibraryEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manga_id", e.mangaDexId());
        out.put("title", e.title());
        out.put("slug", e.slug());
        out.put("latest_chapter", e.latestChapter());
        out.put("cover_url", e.coverUrl());
        out.put("added_at", e.addedAt());
        out.putAll(controls.describe(e.controls()));
        out.put("held_by", Map.of("reader", e.heldBy().reader(), "sources", e.heldBy().sources()));
        return out;
    }

    private static Map<String, Object> describe(UserAccount a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("name", a.name());
        out.put("languages", a.languages());
        out.put("created_at", a.createdAt());
        return out;
    }
}
