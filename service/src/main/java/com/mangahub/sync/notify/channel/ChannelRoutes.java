package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.ChannelStore.Channel;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader's channels: {@code POST /api/me/channels} (answers a webhook's signing secret, once),
 * {@code GET /api/me/channels}, {@code DELETE /api/me/channels/{id}}, {@code POST /api/me/channels/{id}/test}
 * (sends a test message now and answers how it went; a test that goes through resumes a paused channel),
 * {@code GET /api/me/channels/{id}/dead} and {@code POST /api/me/channels/{id}/dead/retry}. Every one needs the
 * reader's token and sees only that reader's channels: another reader's id is a 404, like one that does not exist.
 */
public final class ChannelRoutes implements Routes {
    static final int MAX_CHANNELS_PER_READER = 20;
    /** The cap's name on {@code /metrics}. */
    static final String CHANNELS_LIMIT = "channels_per_reader";
    private final RequestAuth auth;
    private final ChannelStore channels;
    private final DeliveryStore deliveries;
    private final TargetGuard guard;
    private final ChannelTester tester;
    private final ObjectMapper json;
    private final Clock clock;
    private final Runnable wakeWorker;

    public ChannelRoutes(RequestAuth auth, ChannelStore channels, DeliveryStore deliveries, TargetGuard guard,
                         ChannelTester tester, ObjectMapper json, Clock clock, Runnable wakeWorker) {
        this.auth = auth;
        this.channels = channels;
        this.deliveries = deliveries;
        this.guard = guard;
        this.tester = tester;
        this.json = json;
        this.clock = clock;
        this.wakeWorker = wakeWorker;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/me/channels", this::create);
        app.get("/api/me/channels", ctx -> ctx.json(Map.of("channels",
                channels.list(auth.user(ctx).id()).stream().map(this::describe).toList())));
        app.delete("/api/me/channels/{id}", this::delete);
        app.post("/api/me/channels/{id}/test", this::test);
        app.get("/api/me/channels/{id}/dead", this::dead);
        app.post("/api/me/channels/{id}/dead/retry", this::retry);
        // what a browser subscribes with (PushManager.subscribe's applicationServerKey) before adding a webpush channel
        app.get("/api/me/webpush/key", ctx -> {
            auth.user(ctx);
            ctx.json(Map.of("public_key", tester.vapidPublicKey()
                    .orElseThrow(() -> ApiError.notFound("web push is not set up on this server"))));
        });
    }

    private void create(Context ctx) {
        long userId = auth.user(ctx).id();
        java.util.Optional<String> smtpHost = tester.emailHost();
        ChannelForm form = ChannelForm.read(JsonBody.read(ctx), guard, smtpHost.isPresent(), tester.apis());
        if (channels.list(userId).size() >= MAX_CHANNELS_PER_READER) {
            auth.limits().refused(CHANNELS_LIMIT);
            throw new ApiError(409, "conflict", "a reader has at most " + MAX_CHANNELS_PER_READER + " channels", null);
        }
        Channel created = channels.create(userId, form.kind().label(), form.settings().toJson(json), form.secret(),
                host(form, smtpHost).toLowerCase(java.util.Locale.ROOT), clock.instant());
        Map<String, Object> out = describe(created);
        // shown once: the reader's receiver needs it to verify our signatures; never answered again
        if (form.kind() == ChannelKind.WEBHOOK) out.put("secret", form.secret());
        ctx.status(201).json(out);
    }

    /** The host the per-host limit counts: for email the operator's SMTP server, which every email goes through. */
    private static String host(ChannelForm form, java.util.Optional<String> smtpHost) {
        return form.kind() == ChannelKind.EMAIL ? smtpHost.orElseThrow() : TargetGuard.bareHost(form.settings().url());
    }

    private void delete(Context ctx) {
        if (!channels.delete(auth.user(ctx).id(), id(ctx))) throw noSuchChannel();
        ctx.status(204);
    }

    private void test(Context ctx) {
        Channel channel = owned(ctx);
        Outcome outcome = tester.test(channel);
        switch (outcome) {
            case Outcome.Delivered ok -> {
                if (channel.pausedReason() != null) {
                    channels.resume(channel.id());
                    wakeWorker.run();
                }
                ctx.json(Map.of("status", "delivered", "http_status", ok.status(), "resumed", channel.pausedReason() != null));
            }
            case Outcome.Retry r -> throw new ApiError(502, "receiver_failed", "the test was not accepted: " + r.error(), null);
            case Outcome.Gone g -> throw new ApiError(502, "receiver_failed", "the test was not accepted: " + g.error(), null);
        }
    }

    private void dead(Context ctx) {
        Channel channel = owned(ctx);
        long limit = RequestParams.queryNumber(ctx, "limit", 1, 500, 100);
        ctx.json(Map.of("deliveries", deliveries.dead(channel.userId(), channel.id(), (int) limit).stream().map(d -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", d.id());
            out.put("notification_id", d.notificationId());
            out.put("attempts", d.attempts());
            out.put("last_error", d.lastError());
            out.put("last_status", d.lastStatus());
            out.put("created_at", d.createdAt());
            out.put("failed_at", d.failedAt());
            return out;
        }).toList()));
    }

    private void retry(Context ctx) {
        Channel channel = owned(ctx);
        JsonBody body = JsonBody.read(ctx);
        Long deliveryId = null;
        var node = body.node("delivery_id");
        if (node != null && !node.isNull()) {
            if (!node.isIntegralNumber() || node.asLong() < 1) throw ApiError.badRequest("delivery_id", "delivery_id must be a positive integer");
            deliveryId = node.asLong();
        }
        int retried = deliveries.retryDead(channel.userId(), channel.id(), deliveryId, clock.instant());
        if (deliveryId != null && retried == 0) throw ApiError.notFound("no dead delivery " + deliveryId + " on this channel");
        wakeWorker.run();
        ctx.json(Map.of("retried", retried));
    }

    private Channel owned(Context ctx) {
        long userId = auth.user(ctx).id();
        return channels.find(userId, id(ctx)).orElseThrow(ChannelRoutes::noSuchChannel);
    }

    private static long id(Context ctx) {
        return RequestParams.pathNumber(ctx, "id", 1, Long.MAX_VALUE);
    }

    private static ApiError noSuchChannel() {
        return ApiError.notFound("you have no channel with this id");
    }

    private Map<String, Object> describe(Channel c) {
        ChannelKind kind = ChannelKind.parse(c.kind()).orElseThrow();
        ChannelSettings settings = ChannelSettings.parse(json, c.configJson());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("kind", c.kind());
        out.put("target", ChannelForm.displayed(kind, settings));
        out.put("priority", settings.priority().orElse(null));
        if (kind == ChannelKind.EMAIL) out.put("digest", settings.digest().label());
        if (settings.batches()) out.put("window_minutes", settings.window().toMinutes());
        out.put("by_default", settings.byDefault());
        out.put("created_at", c.createdAt());
        out.put("paused", c.pausedReason() != null);
        out.put("paused_reason", c.pausedReason());
        out.put("paused_at", c.pausedAt());
        out.put("rate_limited_until", c.holdUntil() != null && c.holdUntil().isAfter(clock.instant()) ? c.holdUntil() : null);
        out.put("consecutive_failures", c.consecutiveFailures());
        out.put("total_failures", c.totalFailures());
        out.put("last_error", c.lastError());
        out.put("last_success_at", c.lastSuccessAt());
        return out;
    }
}
