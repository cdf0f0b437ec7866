package com.mangahub.sync.reader;

import com.mangahub.sync.store.SessionStore.SessionRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions over HTTP. {@code POST /api/session} trades a token (the API token or an app token, pasted once)
 * for a session cookie; {@code GET /api/session} says who the cookie signs in and gives the page its CSRF token;
 * {@code DELETE /api/session} signs this browser out; {@code DELETE /api/me/sessions} signs the reader out of every
 * browser ("sign out everywhere"); {@code GET /api/sign-in} says which ways to sign in this service offers. Each end takes the streams opened with those sessions with it, at once.
 */
public final class SessionRoutes implements Routes {
    private final RequestAuth auth;
    private final UserAccounts accounts;
    private final BrowserSessions sessions;
    private final Optional<String> singleSignOn;

    /**
     * @param singleSignOn the label of the OpenID provider readers may sign in with, or empty without one
     */
    public SessionRoutes(RequestAuth auth, UserAccounts accounts, BrowserSessions sessions,
                         Optional<String> singleSignOn) {
        this.auth = auth;
        this.accounts = accounts;
        this.sessions = sessions;
        this.singleSignOn = singleSignOn;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/session", this::signIn);
        // the sign-in page asks what to offer: a token always, single sign-on when a provider is set up
        app.get("/api/sign-in", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", true);
            out.put("oidc", singleSignOn.map(name -> Map.of("name", name, "login", "/auth/oidc/login")).orElse(null));
            ctx.json(out);
        });
        app.get("/api/session", ctx -> ctx.header("Cache-Control", "no-store")
                .json(describe(auth.user(ctx), sessionOf(ctx))));
        app.delete("/api/session", ctx -> {
            sessionOf(ctx);
            sessions.end(auth.cookie().secret(ctx));
            auth.cookie().clear(ctx);
            ctx.status(204);
        });
        app.delete("/api/me/sessions", ctx -> {
            RequestAuth.Caller caller = auth.caller(ctx);
            int ended = sessions.endAll(caller.user().id());
            if (caller.viaSession()) auth.cookie().clear(ctx);
            ctx.json(Map.of("ended", ended));
        });
    }

    private void signIn(Context ctx) {
        // a sign-in forced from another site's page would sign the victim in as the attacker (login CSRF)
        if (!auth.cookie().sameOrigin(ctx)) {
            throw new ApiError(403, "forbidden", "sign in from this service's own page", "Origin");
        }
        String token = JsonBody.read(ctx).string("token", 200);
        UserAccount user = accounts.authenticate(token).orElseThrow(() ->
                new ApiError(401, "unauthorized", "that token signs no reader in (unknown, revoked, expired, or the "
                        + "reader is disabled)", "token"));
        ctx.status(201).json(open(ctx, auth.cookie(), sessions, user));
    }

    /** Opens a session for the reader, sets its cookie and answers what the page needs (also after an invitation). */
    public static Map<String, Object> open(Context ctx, SessionCookie cookie, BrowserSessions sessions, UserAccount user) {
        BrowserSessions.Opened opened = sessions.open(user.id());
        cookie.set(ctx, opened.secret(), sessions.maxAge());
        return describe(user, opened.row());
    }

    private SessionRow sessionOf(Context ctx) {
        return auth.caller(ctx).session().orElseThrow(() -> new ApiError(401, "unauthorized",
                "no browser session: this route takes the session cookie, not a token", null));
    }

    private static Map<String, Object> describe(UserAccount user, SessionRow session) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", user.id());
        out.put("name", user.name());
        out.put("languages", user.languages());
        out.put("csrf_token", session.csrfToken());
        out.put("session_started_at", session.createdAt());
        out.put("session_expires_at", session.expiresAt());
        return out;
    }
}
