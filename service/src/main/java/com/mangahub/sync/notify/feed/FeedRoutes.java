package com.mangahub.sync.notify.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.reader.FeedTokens;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.reader.Upcoming;
import com.mangahub.sync.store.FeedTokenStore.FeedOwner;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A reader's feeds: {@code GET /feeds/{feed_token}.atom|.rss|.json}, and {@code .ics} for the calendar of expected
 * chapters (the token in the path is the only credential, as
 * feed readers send no headers of ours) and, with the reader's API token, {@code GET /api/me/feeds} (whether they
 * have feed addresses), {@code POST /api/me/feeds/rotate} (new addresses, shown this once: only a hash is kept; the
 * old ones stop working) and {@code DELETE /api/me/feeds} (no feed any more). Reading a feed changes nothing.
 */
public final class FeedRoutes implements Routes {
    /** The newest this many notifications, newest first: what a feed reader polls for. */
    static final int ENTRIES = 50;
    private static final String CACHE_CONTROL = "private, max-age=60";
    /** A Host or X-Forwarded-Host that can be written into a link: a name or address, an optional port. */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::\\d{1,5})?");

    private final RequestAuth auth;
    private final FeedTokens tokens;
    private final NotificationLog log;
    private final FeedItems items;
    private final ObjectMapper json;
    private final Upcoming upcoming;

    public FeedRoutes(RequestAuth auth, FeedTokens tokens, NotificationLog log, ObjectMapper json, Upcoming upcoming) {
        this.auth = auth;
        this.tokens = tokens;
        this.log = log;
        this.items = new FeedItems(json);
        this.json = json;
        this.upcoming = upcoming;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/me/feeds", this::describe);
        app.post("/api/me/feeds/rotate", this::rotate);
        app.delete("/api/me/feeds", this::revoke);
        for (FeedFormat format : FeedFormat.values()) {
            app.get("/feeds/{feed_token}." + format.extension, ctx -> serve(ctx, format));
        }
    }

    private void describe(Context ctx) {
        long userId = auth.user(ctx).id();
        Instant madeAt = tokens.madeAt(userId).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", madeAt != null);
        out.put("made_at", madeAt);
        out.put("formats", formats());
        ctx.json(out);
    }

    private void rotate(Context ctx) {
        long userId = auth.user(ctx).id();
        FeedTokens.Issued issued = tokens.rotate(userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("made_at", issued.madeAt());
        out.put("formats", formats());
        out.put("token", issued.token());
        for (FeedFormat format : FeedFormat.values()) out.put(format.extension, format.path(issued.token()));
        ctx.status(201).json(out);
    }

    private void revoke(Context ctx) {
        long userId = auth.user(ctx).id();
        if (!tokens.revoke(userId)) throw ApiError.notFound("you have no feed addresses");
        ctx.status(204);
    }

    private static List<String> formats() {
        List<String> out = new ArrayList<>();
        for (FeedFormat f : FeedFormat.values()) out.add(f.extension);
        return out;
    }

    private void serve(Context ctx, FeedFormat format) {
        String token = ctx.pathParam("feed_token");
        // one answer for a token never made, one revoked and one replaced: a feed reader can tell none apart
        FeedOwner owner = tokens.owner(token).orElseThrow(() -> ApiError.notFound("no feed at this address"));
        if (format == FeedFormat.ICS) {
            serveCalendar(ctx, owner);
            return;
        }
        List<NotificationRow> rows = log.newest(owner.userId(), ENTRIES);
        var details = log.details(owner.userId(), rows);
        List<FeedItem> entries = rows.stream().map(r -> items.item(r, details.get(r.id()))).toList();
        Instant updated = rows.stream().map(NotificationRow::createdAt).max(Instant::compareTo).orElse(owner.since());
        String base = baseUrl(ctx);
        FeedInfo info = new FeedInfo("urn:mangahub-sync:feed:" + owner.userId(),
                "MangaHub Sync: " + owner.name() + "'s notifications",
                "New chapters and series for " + owner.name() + ", newest first (the latest " + ENTRIES + ")",
                base == null ? null : base + "/", base == null ? null : base + format.path(token), updated);
        String body = switch (format) {
            case ATOM -> XmlFeeds.atom(info, entries);
            case RSS -> XmlFeeds.rss(info, entries);
            case JSON -> JsonFeed.write(json, info, entries);
            case ICS -> throw new IllegalStateException("the calendar is served by serveCalendar");
        };
        answer(ctx, format, body, updated);
    }

    /** The calendar of expected chapters: Last-Modified is the newest release it was derived from. */
    private void serveCalendar(Context ctx, FeedOwner owner) {
        List<Upcoming.Entry> entries = upcoming.of(owner.userId()).series();
        Instant updated = entries.stream().map(Upcoming.Entry::lastReleaseAt).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(owner.since());
        answer(ctx, FeedFormat.ICS, CalendarFeed.write(owner.name(), entries, owner.since()), updated);
    }

    private static void answer(Context ctx, FeedFormat format, String body, Instant updated) {
        String etag = ConditionalGet.etag(body);
        // the validators name these exact bytes; a compressed copy would be another representation under one tag
        ctx.disableCompression();
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", ConditionalGet.httpDate(updated));
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("X-Content-Type-Options", "nosniff");
        // a browser that opens the XML renders no script and loads nothing, whatever a title holds
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ConditionalGet.notModified(ctx, etag, updated)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(format.mediaType).result(body);
    }

    /**
     * Where the reader reached us, for the feeds' self and home links: the proxy's forwarded scheme and host when
     * they are plain, else the request's own. Null when the host cannot be written as a link.
     */
    static String baseUrl(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto) ? proto.toLowerCase() : ctx.scheme();
        String forwarded = ctx.header("X-Forwarded-Host");
        String host = forwarded != null ? forwarded.strip() : ctx.header("Host");
        return host != null && HOST.matcher(host).matches() ? scheme + "://" + host : null;
    }
}
