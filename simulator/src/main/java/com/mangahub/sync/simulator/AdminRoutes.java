package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;

/**
 * The admin API under {@code /_sim/}, so scripts can drive a simulator started from the command line. Reads are
 * open; every change needs {@code Authorization: Bearer <admin token>}. Bad input is a 400 with a plain message.
 */
final class AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Simulator simulator;
    private final byte[] token;

    AdminRoutes(Simulator simulator, String token) {
        this.simulator = simulator;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void register(Javalin app) {
        app.get("/_sim/stats", ctx -> ctx.json(simulator.stats()));
        app.get("/_sim/world", ctx -> ctx.json(JSON.createObjectNode().put("manga", simulator.world().mangaCount())
                .put("chapters", simulator.world().chapterCount()).put("now", simulator.world().clock().instant().toString())));
        mutating(app, "/_sim/stats/reset", ctx -> simulator.resetStats());
        mutating(app, "/_sim/faults", ctx -> simulator.faults(faultPlan(body(ctx))));
        mutating(app, "/_sim/down", ctx -> simulator.down());
        mutating(app, "/_sim/up", ctx -> simulator.up());
        mutating(app, "/_sim/rate-limited", ctx -> simulator.forceRateLimited(
                simulator.world().clock().instant().plusSeconds(body(ctx).path("seconds").asLong(60))));
        mutating(app, "/_sim/advance", ctx -> simulator.world().advance(Duration.ofSeconds(required(body(ctx), "seconds").asLong())));
        mutating(app, "/_sim/publish/manga", ctx -> ctx.json(idBody(simulator.world().publishManga())));
        mutating(app, "/_sim/publish/chapter", ctx -> ctx.json(idBody(simulator.world().publish(newChapter(body(ctx))))));
        mutating(app, "/_sim/chapters/{id}/edit", ctx -> simulator.world().editChapter(uuid(ctx.pathParam("id"))));
        mutating(app, "/_sim/manga/{id}/status", ctx -> {
            if (!simulator.world().setStatus(uuid(ctx.pathParam("id")), required(body(ctx), "status").asText())) ctx.status(404);
        });
        mutating(app, "/_sim/chapters/{id}/delete", ctx -> {
            if (!simulator.world().deleteChapter(uuid(ctx.pathParam("id")))) ctx.status(404);
        });
        // accounts (auth server and user endpoints): create one, change its follows and marks, revoke its logins
        mutating(app, "/_sim/accounts", ctx -> {
            JsonNode b = body(ctx);
            simulator.accounts().create(required(b, "username").asText(), required(b, "password").asText(),
                    required(b, "clientId").asText(), required(b, "clientSecret").asText(), b.path("approved").asBoolean(true));
        });
        mutating(app, "/_sim/accounts/{name}/follow", ctx -> simulator.accounts().follow(ctx.pathParam("name"), ids(body(ctx))));
        mutating(app, "/_sim/accounts/{name}/unfollow", ctx -> simulator.accounts().unfollow(ctx.pathParam("name"), ids(body(ctx))));
        mutating(app, "/_sim/accounts/{name}/revoke", ctx -> simulator.accounts().revokeRefreshTokens(ctx.pathParam("name")));
        mutating(app, "/_sim/accounts/{name}/expire", ctx -> simulator.accounts().expireAccessTokens(ctx.pathParam("name")));
        app.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(JSON.createObjectNode()
                .put("error", "bad_request").put("message", e.getMessage())));
    }

    private void mutating(Javalin app, String path, Handler handler) {
        app.post(path, ctx -> {
            String header = ctx.header("Authorization");
            byte[] given = header == null ? new byte[0] : header.replaceFirst("^Bearer ", "").getBytes(StandardCharsets.UTF_8);
            if (header == null || !MessageDigest.isEqual(token, given)) {
                ctx.status(401).json(JSON.createObjectNode().put("error", "unauthorized")
                        .put("message", "a valid token is required (Authorization: Bearer <token>)"));
                return;
            }
            ctx.status(200);
            handler.handle(ctx);
            if (ctx.result() == null && ctx.status().getCode() == 200) ctx.json(JSON.createObjectNode().put("ok", true));
        });
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode body, String field) {
        if (!body.hasNonNull(field)) throw new IllegalArgumentException("missing field: " + field);
        return body.get(field);
    }

    /** {@code {"mangaIds": [...]}}. */
    private static java.util.List<UUID> ids(JsonNode b) {
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        required(b, "mangaIds").forEach(id -> ids.add(uuid(id.asText())));
        return ids;
    }

    private static ObjectNode idBody(UUID id) {
        return JSON.createObjectNode().put("id", id.toString());
    }

    private static UUID uuid(String text) {
        return UUID.fromString(text);
    }

    private static FaultPlan faultPlan(JsonNode b) {
        return FaultPlan.none().withServerErrors(b.path("serverErrors").asDouble()).withResets(b.path("resets").asDouble())
                .withHtmlErrors(b.path("htmlErrors").asDouble()).withEmptyPages(b.path("emptyPages").asDouble())
                .withTruncatedBodies(b.path("truncatedBodies").asDouble())
                .withSlowBodies(b.path("slowBodies").asDouble(), Duration.ofMillis(b.path("slowBodyMillis").asLong(2000)))
                .withSeed(b.path("seed").asLong(0));
    }

    /** {@code {"mangaId", "language"?, "chapter"?, "volume"?, "publishDelaySeconds"?, "externalUrl"?, "oneshot"?, "linkOnly"?, "title"?}}. */
    private static NewChapter newChapter(JsonNode b) {
        UUID mangaId = uuid(required(b, "mangaId").asText());
        NewChapter chapter = NewChapter.of(mangaId, b.path("language").asText("en"))
                .withPublishDelay(Duration.ofSeconds(b.path("publishDelaySeconds").asLong(0)));
        if (b.hasNonNull("chapter")) chapter = chapter.withChapter(b.get("chapter").asText());
        if (b.hasNonNull("volume")) chapter = chapter.withVolume(b.get("volume").asText());
        if (b.hasNonNull("externalUrl")) chapter = chapter.withExternalUrl(b.get("externalUrl").asText());
        if (b.path("linkOnly").asBoolean(false)) {
            chapter = chapter.asLinkOnly(b.path("externalUrl").asText("https://mangaplus.shueisha.co.jp/viewer/1000000"));
        }
        if (b.path("oneshot").asBoolean(false)) chapter = chapter.asOneshot();
        // verbatim, NUL characters and lone surrogates included: the simulator serves what MangaDex might
        if (b.hasNonNull("title")) chapter = chapter.withTitle(b.get("title").asText());
        return chapter;
    }
}
