package com.mangahub.sync.notify;

import com.mangahub.sync.reader.RequestAuth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.LibraryStore.Series;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The design documents' trigger endpoints: {@code POST /notify/new-manga}, {@code /notify/new-chapter},
 * {@code /notify/manga-update}. Admin token required; the event lands in the same outbox the sync workflows write,
 * and the answer is 202 once it is stored (fan-out and delivery happen after).
 *
 * @param onEnqueued called after an event is stored: wakes the dispatcher
 */
public record TriggerRoutes(RequestAuth auth, LibraryStore catalogue, OutboxStore outbox, ObjectMapper json,
                            Clock clock, Runnable onEnqueued) implements Routes {
    private static final int MAX_TITLE = 500;
    private static final int MAX_CHAPTER = 32;

    @Override
    public void register(Javalin app) {
        app.post("/notify/new-manga", ctx -> accept(ctx, OutboxWriter.Type.NEW_MANGA));
        app.post("/notify/new-chapter", ctx -> accept(ctx, OutboxWriter.Type.NEW_CHAPTER));
        app.post("/notify/manga-update", ctx -> accept(ctx, OutboxWriter.Type.MANGA_UPDATE));
    }

    private void accept(Context ctx, OutboxWriter.Type type) {
        auth.requireAdmin(ctx);
        JsonBody body = JsonBody.read(ctx);
        UUID mangaId = body.uuid("manga_id");
        ObjectNode payload = json.createObjectNode();
        payload.put("manga_id", mangaId.toString());
        payload.put("title", body.text("title", MAX_TITLE));
        switch (type) {
            case NEW_CHAPTER -> {
                payload.put("chapter", body.text("chapter", MAX_CHAPTER));
                payload.put("old_chapter", body.optionalText("old_chapter", MAX_CHAPTER));
            }
            case MANGA_UPDATE -> payload.set("changes", body.object("changes"));
            case NEW_MANGA, STATUS_CHANGE, FIRST_CHAPTER -> { } // the last two only sync writes
        }
        Series series = catalogue.findSeries(mangaId)
                .orElseThrow(() -> ApiError.notFound("no series with manga_id " + mangaId + " in the catalogue"));
        long id = outbox.enqueue(type, series.id(), payload.toString(), null, clock.instant())
                .orElseThrow(() -> new IllegalStateException("an outbox event without dedup key cannot conflict"));
        onEnqueued.run();
        ctx.status(202).json(Map.of("status", "accepted", "type", type.name(), "outbox_id", id));
    }
}
