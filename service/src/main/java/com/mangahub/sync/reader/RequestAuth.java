package com.mangahub.sync.reader;

import com.mangahub.sync.config.Secret;
import com.mangahub.sync.store.SessionStore.SessionRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.ApiError;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: a reader by their API token or an app token ({@code Authorization: Bearer}), or by their browser
 * session's cookie; or the operator by the admin token (compared in constant time, never by cookie). A bearer token,
 * when sent, decides alone. A cookie-authenticated request that changes anything (any method but GET, HEAD and
 * OPTIONS) must carry the session's CSRF token and must not come from another origin: a JSON 403 otherwise. Every
 * reader route asks {@link #user} or {@link #caller}, so no route can take a cookie without that check.
 */
public final class RequestAuth {
    private static final String SPENT = "mangahub.reader.spent";
    private static final String CALLER = "mangahub.reader.caller";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final UserAccounts accounts;
    private final AdminGate admin;
    private final ReaderLimits limits;
    private final SessionCookie cookie;

    /** Without per-reader limits (routes tested on their own). */
    public RequestAuth(UserAccounts accounts, Secret adminToken) {
        this(accounts, adminToken, ReaderLimits.none(), SessionCookie.atRoot());
    }

    public RequestAuth(UserAccounts accounts, Secret adminToken, ReaderLimits limits, SessionCookie cookie) {
        this.accounts = accounts;
        this.admin = new AdminGate(adminToken);
        this.limits = limits;
        this.cookie = cookie;
    }

    /**
     * A reader and the credential they called with: its fingerprint (what an open stream keeps) and, when it was a
     * browser session, that session.
     */
    public record Caller(UserAccount user, byte[] fingerprint, Optional<SessionRow> session) {
        public boolean viaSession() {
            return session.isPresent();
        }
    }

    /**
     * The user whose token is in {@code Authorization: Bearer <token>}, or whose session cookie the request carries;
     * 401 otherwise, 403 for a cookie-authenticated change without the CSRF token or from another origin. The first
     * call of a request spends one of the reader's requests (429 when they have none left): every reader route asks
     * who is calling.
     */
    public UserAccount user(Context ctx) {
        return caller(ctx).user();
    }

    /** As {@link #user}, with the credential. */
    public Caller caller(Context ctx) {
        Caller known = ctx.attribute(CALLER);
        if (known != null) return known;
        Caller caller = identify(ctx).orElseThrow(ApiError::unauthorized);
        if (caller.viaSession() && !SAFE_METHODS.contains(ctx.method().name())) {
            checkCsrf(ctx, caller.session().get());
        }
        ctx.attribute(CALLER, caller);
        if (ctx.attribute(SPENT) == null) {
            ctx.attribute(SPENT, Boolean.TRUE);
            limits.spend(caller.user().id());
        }
        return caller;
    }

    private Optional<Caller> identify(Context ctx) {
        String bearer = AdminGate.bearer(ctx);
        if (bearer != null) {
            return accounts.authenticate(bearer)
                    .map(u -> new Caller(u, UserAccounts.fingerprint(bearer), Optional.empty()));
        }
        String secret = cookie.secret(ctx);
        if (secret == null) return Optional.empty();
        return accounts.authenticateSession(secret)
                .map(h -> new Caller(h.account(), UserAccounts.fingerprint(secret), Optional.of(h.session())));
    }

    private void checkCsrf(Context ctx, SessionRow session) {
        if (!cookie.sameOrigin(ctx)) {
            throw new ApiError(403, "forbidden", "this request came from another site's page: a signed-in change "
                    + "must come from this service's own page", "Origin");
        }
        String sent = ctx.header(SessionCookie.CSRF_HEADER);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "forbidden", "a change made with the session cookie needs the session's CSRF "
                    + "token in the header " + SessionCookie.CSRF_HEADER + " (GET /api/session gives it)",
                    SessionCookie.CSRF_HEADER);
        }
    }

    /** The session cookie's attributes and origin checks, for the routes that open and end sessions. */
    public SessionCookie cookie() {
        return cookie;
    }

    /** The reader this request was signed in as by {@link #user}, if it was. */
    static Optional<Long> signedInReader(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return Optional.ofNullable(caller).map(c -> c.user().id());
    }

    /** The reader's limits, for a route that causes MangaDex work. */
    public ReaderLimits limits() {
        return limits;
    }

    /**
     * Whether the request carries a reader's valid token or session (for routes open to all that do more for
     * readers); such routes only read, so a session needs no CSRF token here.
     */
    public boolean signedIn(Context ctx) {
        return ctx.attribute(CALLER) != null || identify(ctx).isPresent();
    }

    /** The fingerprint of the credential this request carries, for a stream that must end when it stops working. */
    public byte[] tokenFingerprint(Context ctx) {
        return caller(ctx).fingerprint();
    }

    /** Whether the credential of this fingerprint still signs this reader in (not rotated, revoked, signed out, ...). */
    public boolean stillValid(long userId, byte[] fingerprint) {
        return accounts.stillValid(userId, fingerprint);
    }

    /** Passes only with the admin token; 401 otherwise. */
    public void requireAdmin(Context ctx) {
        admin.require(ctx);
    }
}
