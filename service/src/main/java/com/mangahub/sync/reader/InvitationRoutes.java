package com.mangahub.sync.reader;

import com.mangahub.sync.store.InvitationStore.Redemption;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invitations: {@code POST /api/invitations} (admin) makes a single-use, expiring link; {@code POST
 * /api/invitations/accept} takes its code and the name the invited person chose, creates the reader and signs them
 * in (a session cookie), so nobody copies a token. A used, expired or unknown code is a 4xx that says which.
 */
public final class InvitationRoutes implements Routes {
    private static final long MAX_HOURS = 24L * 365;

    private final RequestAuth auth;
    private final Invitations invitations;
    private final BrowserSessions sessions;
    private final Duration defaultValidity;
    private final Optional<URI> publicUrl;

    public InvitationRoutes(RequestAuth auth, Invitations invitations, BrowserSessions sessions,
                            Duration defaultValidity, Optional<URI> publicUrl) {
        this.auth = auth;
        this.invitations = invitations;
        this.sessions = sessions;
        this.defaultValidity = defaultValidity;
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/invitations", this::invite);
        app.post("/api/invitations/accept", this::accept);
    }

    private void invite(Context ctx) {
        auth.requireAdmin(ctx);
        JsonBody body = JsonBody.read(ctx);
        // absent means the default; an explicit null is a mistake worth saying
        for (String field : List.of("languages", "valid_for_hours")) {
            if (body.root().has(field) && body.node(field).isNull()) {
                throw ApiError.badRequest(field, field + " must not be null (leave it out for the default)");
            }
        }
        List<String> languages = UserRoutes.languages(body.node("languages"));
        UserAccounts.problemWith("invited", languages).ifPresent(p -> {
            throw ApiError.badRequest(p.field(), p.message());
        });
        Duration validFor = validity(body);
        Invitations.NewInvitation made = invitations.create(languages, validFor);
        String path = auth.cookie().prefix() + "/#/invite/" + made.code();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", made.row().id());
        out.put("code", made.code());
        out.put("path", path);
        // the public URL already names the prefix the service is reached under
        out.put("url", publicUrl.map(u -> u.toString().replaceAll("/+$", "") + "/#/invite/" + made.code()).orElse(null));
        out.put("languages", made.row().languages());
        out.put("expires_at", made.row().expiresAt());
        ctx.status(201).header("Cache-Control", "no-store").json(out);
    }

    private Duration validity(JsonBody body) {
        var node = body.node("valid_for_hours");
        if (node == null || node.isNull()) return defaultValidity;
        if (!node.canConvertToLong() || node.asLong() < 1 || node.asLong() > MAX_HOURS || !node.isIntegralNumber()) {
            throw ApiError.badRequest("valid_for_hours", "valid_for_hours: a whole number of hours from 1 to " + MAX_HOURS);
        }
        return Duration.ofHours(node.asLong());
    }

    private void accept(Context ctx) {
        if (!auth.cookie().sameOrigin(ctx)) {
            throw new ApiError(403, "forbidden", "accept an invitation from this service's own page", "Origin");
        }
        JsonBody body = JsonBody.read(ctx);
        String code = body.string("code", 128);
        String name = body.string("name", 64);
        UserAccounts.problemWith(name, List.of("en")).ifPresent(p -> {
            throw ApiError.badRequest(p.field(), p.message());
        });
        switch (invitations.redeem(code, name)) {
            case Redemption.Redeemed r -> ctx.status(201)
                    .json(SessionRoutes.open(ctx, auth.cookie(), sessions, r.account()));
            case Redemption.Unknown u -> throw new ApiError(404, "invitation_unknown",
                    "this invitation link is not valid: check that it was copied whole", "code");
            case Redemption.AlreadyUsed used -> throw new ApiError(409, "invitation_used",
                    "this invitation was already used (at " + used.usedAt() + "); ask for a new one", "code");
            case Redemption.Expired e -> throw new ApiError(410, "invitation_expired",
                    "this invitation expired at " + e.expiredAt() + "; ask for a new one", "code");
            case Redemption.NameTaken t -> throw new ApiError(409, "conflict",
                    "a reader named " + name + " exists: choose another name", "name");
        }
    }
}
