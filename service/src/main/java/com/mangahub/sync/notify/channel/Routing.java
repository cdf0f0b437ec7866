package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import java.time.Duration;

/**
 * A channel's two flood controls, chosen at creation: {@code window_minutes} (1-1440; everything new within that many
 * minutes of the first goes in one message, "12 new chapters in 7 series") and {@code by_default} (true: series
 * without a route of their own are told here; false: only the series routed to it). Email batches by its digest and a
 * signed webhook stays one event per notification, so neither takes a window.
 */
final class Routing {
    static final int MAX_WINDOW_MINUTES = 1440;

    private Routing() {}

    static ChannelSettings withChoices(ChannelKind kind, ChannelSettings s, JsonBody body) {
        Duration window = Duration.ZERO;
        JsonNode w = body.node("window_minutes");
        if (w != null && !w.isNull()) {
            if (kind == ChannelKind.EMAIL || kind == ChannelKind.WEBHOOK) {
                throw ApiError.badRequest("window_minutes", "window_minutes does not apply to " + kind.label()
                        + " channels" + (kind == ChannelKind.EMAIL ? " (email batches by its digest)" : ""));
            }
            if (!w.isIntegralNumber() || w.asInt() < 1 || w.asInt() > MAX_WINDOW_MINUTES) {
                throw ApiError.badRequest("window_minutes", "window_minutes must be an integer from 1 to " + MAX_WINDOW_MINUTES);
            }
            window = Duration.ofMinutes(w.asInt());
        }
        boolean byDefault = true;
        JsonNode d = body.node("by_default");
        if (d != null) {
            if (!d.isBoolean()) throw ApiError.badRequest("by_default", "by_default must be true or false");
            byDefault = d.asBoolean();
        }
        return new ChannelSettings(s.url(), s.priority(), s.digest(), s.chat(), window, byDefault);
    }
}
