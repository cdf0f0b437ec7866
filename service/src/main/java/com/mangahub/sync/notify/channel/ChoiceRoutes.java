package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.store.ChannelChoiceStore;
import com.mangahub.sync.store.ChannelChoiceStore.QuietHours;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where and when a reader's channels are told: {@code GET}, {@code PUT} and {@code DELETE
 * /api/me/library/{manga_id}/channels} (a series' route: {@code {"channel_ids": [...]}}, deleted: the default),
 * {@code PATCH /api/me/channels/{id}} ({@code by_default}, {@code window_minutes}) and {@code GET}, {@code PUT},
 * {@code DELETE /api/me/quiet-hours} ({@code {"start": "22:00", "end": "07:00", "time_zone": "Europe/Berlin"}}).
 * Choices apply to notifications written after them.
 */
public final class ChoiceRoutes implements Routes {
    private final RequestAuth auth;
    private final ChannelChoiceStore choices;
    private final ChannelStore channels;
    private final LibraryStore library;
    private final ObjectMapper json;

    public ChoiceRoutes(RequestAuth auth, ChannelChoiceStore choices, ChannelStore channels, LibraryStore library,
                        ObjectMapper json) {
        this.auth = auth;
        this.choices = choices;
        this.channels = channels;
        this.library = library;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/me/library/{manga_id}/channels", ctx -> ctx.json(route(ctx, series(ctx))));
        app.put("/api/me/library/{manga_id}/channels", this::putRoute);
        app.delete("/api/me/library/{manga_id}/channels", ctx -> {
            choices.unroute(auth.user(ctx).id(), series(ctx).id());
            ctx.status(204);
        });
        app.patch("/api/me/channels/{id}", this::patchChannel);
        app.get("/api/me/quiet-hours", ctx -> ctx.json(quiet(auth.user(ctx).id())));
        app.put("/api/me/quiet-hours", this::putQuiet);
        app.delete("/api/me/quiet-hours", ctx -> {
            choices.setQuietHours(auth.user(ctx).id(), null);
            ctx.status(204);
        });
    }

    /** The path's series; the reader is authenticated first, so a request without a token is a 401, never a 404. */
    private LibraryStore.Series series(Context ctx) {
        auth.user(ctx);
        UUID id = RequestParams.pathUuid(ctx, "manga_id", "a MangaDex id (a UUID)");
        return library.findSeries(id).orElseThrow(() -> ApiError.notFound("no series " + id + " is known here"));
    }

    private Map<String, Object> route(Context ctx, LibraryStore.Series series) {
        long userId = auth.user(ctx).id();
        var route = choices.routeOf(userId, series.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manga_id", series.mangaDexId());
        out.put("default", route.isEmpty());
        out.put("channel_ids", route.orElseGet(() -> channels.list(userId).stream()
                .filter(c -> ChannelSettings.parse(json, c.configJson()).byDefault()).map(ChannelStore.Channel::id).toList()));
        return out;
    }

    private void putRoute(Context ctx) {
        LibraryStore.Series series = series(ctx);
        JsonNode ids = JsonBody.read(ctx).node("channel_ids");
        if (ids == null || !ids.isArray() || ids.size() > ChannelRoutes.MAX_CHANNELS_PER_READER) {
            throw ApiError.badRequest("channel_ids", "channel_ids must be a list of at most "
                    + ChannelRoutes.MAX_CHANNELS_PER_READER + " of your channel ids ([] tells none)");
        }
        List<Long> chosen = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber() || id.asLong() < 1) throw ApiError.badRequest("channel_ids", "channel_ids holds channel ids (positive integers)");
            chosen.add(id.asLong());
        }
        if (!choices.route(auth.user(ctx).id(), series.id(), chosen)) {
            throw ApiError.badRequest("channel_ids", "channel_ids names a channel you do not have");
        }
        ctx.json(route(ctx, series));
    }

    private void patchChannel(Context ctx) {
        long userId = auth.user(ctx).id();
        long id = RequestParams.pathNumber(ctx, "id", 1, Long.MAX_VALUE);
        ChannelStore.Channel channel = channels.find(userId, id)
                .orElseThrow(() -> ApiError.notFound("you have no channel with this id"));
        ChannelKind kind = ChannelKind.parse(channel.kind()).orElseThrow();
        JsonBody body = JsonBody.read(ctx);
        ChannelSettings now = ChannelSettings.parse(json, channel.configJson());
        // absent fields keep their value; "window_minutes": null ends batching
        ChannelSettings chosen = Routing.withChoices(kind, now, body);
        boolean byDefault = body.node("by_default") == null ? now.byDefault() : chosen.byDefault();
        JsonNode w = body.node("window_minutes");
        Duration window = w == null ? now.window() : chosen.window();
        ChannelSettings next = new ChannelSettings(now.url(), now.priority(), now.digest(), now.chat(), window, byDefault);
        choices.reconfigure(userId, id, next.toJson(json));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("by_default", next.byDefault());
        out.put("window_minutes", next.batches() ? next.window().toMinutes() : null);
        ctx.json(out);
    }

    private Map<String, Object> quiet(long userId) {
        var q = choices.quietHours(userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", q.isPresent());
        out.put("start", q.map(h -> h.start().toString()).orElse(null));
        out.put("end", q.map(h -> h.end().toString()).orElse(null));
        out.put("time_zone", q.map(QuietHours::timeZone).orElse(null));
        return out;
    }

    private void putQuiet(Context ctx) {
        long userId = auth.user(ctx).id();
        JsonBody body = JsonBody.read(ctx);
        LocalTime start = time(body, "start");
        LocalTime end = time(body, "end");
        if (start.equals(end)) throw ApiError.badRequest("end", "end must differ from start");
        String zone = body.text("time_zone", 64);
        // region ids only: PostgreSQL reads a bare offset such as +02:00 with the POSIX sign, the other way round
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ApiError.badRequest("time_zone", "time_zone must be an IANA time zone, e.g. Europe/Berlin");
        }
        choices.setQuietHours(userId, new QuietHours(start, end, zone));
        ctx.json(quiet(userId));
    }

    private static LocalTime time(JsonBody body, String field) {
        String text = body.text(field, 5);
        if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) throw ApiError.badRequest(field, field + " must be a time HH:MM");
        return LocalTime.parse(text);
    }
}
